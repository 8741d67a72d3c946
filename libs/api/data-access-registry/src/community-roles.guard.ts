import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import type { Request } from 'express';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { isUuid, type CommunityRole, type Principal } from '@sdilna/api/util-auth';

import { AccessException } from './access.exception';
import { MembershipEntity } from './entities/membership.entity';

const COMMUNITY_ROLES_KEY = 'sdilna:communityRoles';

/**
 * Declares the roles a route of `/communities/:communityId/...` needs and checks them before the body is read.
 * The services check again inside their tenant transaction (CommunityAccess): the guard is the declarative
 * first lock, the service the one that also decides what a role may see.
 */
export function RequireCommunityRole(...roles: CommunityRole[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(COMMUNITY_ROLES_KEY, roles),
    UseGuards(CommunityRolesGuard),
    ApiForbiddenResponse({ description: `ROLE_FORBIDDEN: needs ${roles.join(' or ')}` }),
    ApiNotFoundResponse({
      description: 'COMMUNITY_NOT_FOUND (also for a community of which the caller is not a member)',
    }),
  );
}

@Injectable()
export class CommunityRolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: TenantDatabase,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<CommunityRole[] | undefined>(COMMUNITY_ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles === undefined || roles.length === 0) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: Principal }>();
    const principal = request.user;
    const communityId = request.params['communityId'];
    // Unknown, foreign and malformed communities look the same: 404.
    if (principal === undefined || !isUuid(communityId)) {
      throw new AccessException('COMMUNITY_NOT_FOUND', 'No such community');
    }
    if (principal.platformAdmin) return true;
    const held = await this.db.run(communityId, ({ manager }) =>
      manager.find(MembershipEntity, { where: { communityId, userId: principal.userId } }),
    );
    if (held.length === 0) throw new AccessException('COMMUNITY_NOT_FOUND', 'No such community');
    if (!held.some((membership) => roles.includes(membership.role))) {
      throw new AccessException('ROLE_FORBIDDEN', `This needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}

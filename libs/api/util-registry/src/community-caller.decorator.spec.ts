import { type ExecutionContext, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { describe, expect, it } from 'vitest';

import type { Principal } from '@sdilna/api/util-auth';

/** @nestjs/swagger's metadata key of explicit parameters (its constants are not exported). */
const API_PARAMETERS = 'swagger/apiParameters';

import { type CommunityCaller, InCommunity } from './community-caller.decorator';

class Routes {
  get(@InCommunity() caller: CommunityCaller): CommunityCaller {
    return caller;
  }
}

const principal: Principal = { userId: 'u', sessionId: 's', email: 'a@example.cz', platformAdmin: false };

/** What Nest hands the handler: the decorator's factory run on a request. */
function resolve(request: { user?: Principal; params: Record<string, string> }): CommunityCaller {
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Routes, 'get') as Record<
    string,
    { factory: (data: unknown, context: ExecutionContext) => CommunityCaller }
  >;
  const [argument] = Object.values(args);
  const context = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  if (argument === undefined) throw new Error('no parameter metadata');
  return argument.factory(undefined, context);
}

describe('@InCommunity()', () => {
  it('gives the verified caller and the lower-cased community id of the route', () => {
    expect(
      resolve({ user: principal, params: { communityId: 'A2F4C6E8-1B3D-4F5A-8C7E-9D0B1A2C3E4F' } }),
    ).toEqual({
      principal,
      communityId: 'a2f4c6e8-1b3d-4f5a-8c7e-9d0b1a2c3e4f',
    });
  });

  it('answers 401 without a caller and 404 for a community id that is no UUID', () => {
    expect(() => resolve({ params: { communityId: 'a2f4c6e8-1b3d-4f5a-8c7e-9d0b1a2c3e4f' } })).toThrow(
      UnauthorizedException,
    );
    expect(() => resolve({ user: principal, params: { communityId: '1 OR 1=1' } })).toThrow(
      NotFoundException,
    );
  });

  it('documents the community id as a required path parameter', () => {
    const handler = Object.getOwnPropertyDescriptor(Routes.prototype, 'get')?.value as object;
    expect(Reflect.getMetadata(API_PARAMETERS, handler)).toEqual([
      expect.objectContaining({ name: 'communityId', in: 'path', required: true, type: String }),
    ]);
  });
});

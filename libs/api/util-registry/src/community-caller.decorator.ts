import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { Request } from 'express';

import { type Principal, principalOf } from '@sdilna/api/util-auth';

import { IdParamPipe } from './id-param.pipe';

/** The verified caller and the community the route names: what every route under a community starts from. */
export interface CommunityCaller {
  readonly principal: Principal;
  /** the route's `:communityId`, checked like every route id (anything but a UUID answers 404), lower-cased */
  readonly communityId: string;
}

const ids = new IdParamPipe();

const callerInCommunity = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommunityCaller => {
    const communityId = context.switchToHttp().getRequest<Request>().params['communityId'];
    return {
      principal: principalOf(context),
      communityId: ids.transform(typeof communityId === 'string' ? communityId : ''),
    };
  },
);

/**
 * `@InCommunity() caller: CommunityCaller` on a handler under `communities/:communityId`: the caller as
 * `@CurrentUser()` gives it (401 without one) and the community id as `@Param('communityId', IdParamPipe)` gives
 * it, in that order. Whether the caller may act in the community stays the service's question (its transaction
 * resolves the caller's access). A custom parameter is invisible to the OpenAPI explorer, so the decorator
 * documents the path parameter itself, as the `@Param` it replaces did.
 */
export function InCommunity(): ParameterDecorator {
  return (target, key, index) => {
    if (key === undefined) throw new Error('@InCommunity() belongs on a parameter of a route handler');
    callerInCommunity()(target, key, index);
    const handler = Object.getOwnPropertyDescriptor(target, key);
    if (handler !== undefined)
      ApiParam({ name: 'communityId', required: true, type: String })(target, key, handler);
  };
}

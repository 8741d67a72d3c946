import type { SessionClaims } from '@sdilna/api/util-auth';

import { SharingGroupsQueryDto, SharingQueryDto } from './dtos/sharing.dto';
import type { SharingService } from './sharing.service';

/**
 * One of the two reads of every portal page load (P5), as the API's hot-read lane answers it in front of Express:
 * the route's path below `communities/:communityId/`, its query DTO (validated by the same pipe Nest uses) and the
 * service method the controller calls. The lane and `SharingController` answer through the same method, so the
 * access decision (`CommunityAccess.fromRow` on the statement's caller row), the SQL (`member_day_totals`,
 * `group_period_totals`) and the JSON are one implementation; the controller stays for OpenAPI and as the path
 * of every request the lane hands on.
 */
export interface SharingHotRead<Q extends object = object> {
  /** the path after `/api/communities/:communityId/`, as in the controller's `@Get` */
  readonly path: 'sharing' | 'sharing/groups';
  readonly query: new () => Q;
  read(service: SharingService, caller: SessionClaims, communityId: string, query: Q): Promise<unknown>;
}

function hotRead<Q extends object>(read: SharingHotRead<Q>): SharingHotRead {
  return read as unknown as SharingHotRead;
}

export const SHARING_HOT_READS: readonly SharingHotRead[] = [
  hotRead<SharingQueryDto>({
    path: 'sharing',
    query: SharingQueryDto,
    read: (service, caller, communityId, query) => service.sharing(caller, communityId, query),
  }),
  hotRead<SharingGroupsQueryDto>({
    path: 'sharing/groups',
    query: SharingGroupsQueryDto,
    read: (service, caller, communityId, query) => service.groups(caller, communityId, query),
  }),
];

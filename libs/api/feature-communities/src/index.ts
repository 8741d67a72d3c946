export { CommunitiesException } from './communities.exception';
export type { CommunitiesErrorCode } from './communities.exception';
export { CommunitiesModule } from './communities.module';
export { CommunitiesService, toCommunityView } from './communities.service';
export { CommunityView, CreateCommunityDto } from './dtos/community.dto';
export { InvitationsService } from './invitations.service';

export { MembersException } from './members.exception';
export type { MembersErrorCode } from './members.exception';
export { MembersModule } from './members.module';
export { MembersService, toMemberView } from './members.service';

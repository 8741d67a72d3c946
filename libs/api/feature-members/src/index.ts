export { MembersException } from './members.exception';
export type { MembersErrorCode } from './members.exception';
export { MembersModule } from './members.module';
export { MembersService, toCreateDto as memberOfRow, toMemberView } from './members.service';

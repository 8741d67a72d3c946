import { Module } from '@nestjs/common';

import { CommunitiesController } from './communities.controller';
import { CommunitiesService } from './communities.service';
import { InvitationsService } from './invitations.service';

@Module({
  controllers: [CommunitiesController],
  providers: [CommunitiesService, InvitationsService],
  exports: [CommunitiesService, InvitationsService],
})
export class CommunitiesModule {}

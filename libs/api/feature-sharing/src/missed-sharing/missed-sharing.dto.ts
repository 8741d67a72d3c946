import { ApiProperty } from '@nestjs/swagger';

import { IsLocalMonth } from '@sdilna/api/util-registry';
import type { MissedSharingPoint, MissedSharingResponse } from '@sdilna/shared/util-api-contract';

export class MissedSharingQueryDto {
  @ApiProperty({ example: '2026-05', description: 'Prague calendar month' })
  @IsLocalMonth()
  month!: string;
}

export class MissedSharingPointView implements MissedSharingPoint {
  @ApiProperty() ean!: string;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ format: 'uuid' }) sharingGroupId!: string;
  @ApiProperty({ description: 'import − shared of the point in the month, kWh' }) remainingKwh!: number;
  @ApiProperty({
    description:
      "Σ over the month's intervals of min(the group's export left after sharing, the point's import left after sharing), kWh: what the point could have received more with a key that gave it all the surplus (an upper bound per point; points' figures do not add up to the group's)",
  })
  missedKwh!: number;
}

export class MissedSharingMemberView {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: "Σ of the member's points' missedKwh" }) missedKwh!: number;
}

export class MissedSharingView implements MissedSharingResponse {
  @ApiProperty({ example: '2026-05' }) month!: string;
  @ApiProperty({ description: 'days of the month with measured data' }) days!: number;
  @ApiProperty({ type: [MissedSharingPointView] }) points!: MissedSharingPointView[];
  @ApiProperty({ type: [MissedSharingMemberView] }) members!: MissedSharingMemberView[];
}

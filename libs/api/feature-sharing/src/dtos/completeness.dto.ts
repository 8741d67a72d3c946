import { ApiProperty } from '@nestjs/swagger';

import { IsLocalMonth } from '@sdilna/api/util-registry';
import {
  COMPLETENESS_STATES,
  type CompletenessResponse,
  type CompletenessState,
  POINT_ROLES,
  type PointRole,
} from '@sdilna/shared/util-api-contract';

export { COMPLETENESS_STATES, type CompletenessState };

export class CompletenessQueryDto {
  @ApiProperty({ example: '2026-04', description: 'Prague calendar month' })
  @IsLocalMonth()
  month!: string;
}

export class CompletenessDayView {
  @ApiProperty({ example: '2026-04-01' }) date!: string;
  @ApiProperty({
    enum: COMPLETENESS_STATES,
    description:
      'complete: every interval measured and evaluated by EDC; preliminary: measured, EDC sharing not (all) evaluated yet; partial: some intervals measured; missing: none',
  })
  status!: CompletenessState;
}

export class CompletenessCountsView {
  @ApiProperty() complete!: number;
  @ApiProperty() preliminary!: number;
  @ApiProperty() partial!: number;
  @ApiProperty() missing!: number;
}

export class PointCompletenessView {
  @ApiProperty() ean!: string;
  @ApiProperty({ enum: POINT_ROLES }) role!: PointRole;
  @ApiProperty({ nullable: true, type: String }) label!: string | null;
  @ApiProperty({
    type: [CompletenessDayView],
    description: 'days of the month on which the point is registered',
  })
  days!: CompletenessDayView[];
  @ApiProperty({ type: CompletenessCountsView }) counts!: CompletenessCountsView;
}

export class CompletenessView implements CompletenessResponse {
  @ApiProperty() month!: string;
  @ApiProperty({ type: [PointCompletenessView] }) points!: PointCompletenessView[];
  @ApiProperty({ type: CompletenessCountsView, description: 'point-days by state' })
  counts!: CompletenessCountsView;
}

import { Injectable, Logger } from '@nestjs/common';

import { AppConfig } from '@sdilna/api/util-config';
import { JobProducer, withinDeadline } from '@sdilna/api/util-jobs';

/**
 * Deterministic id (architecture.md section 5): one job per document and delivery generation. A retried
 * finalisation, the queued-work sweep and a second worker all name the same job, and BullMQ adds it once.
 */
export function deliveryJobId(communityId: string, documentId: string, generation: number): string {
  // BullMQ takes a custom id with exactly two colons: the generation follows the document after a dot.
  return `deliver:${communityId}:${documentId}.${generation}`;
}

@Injectable()
export class DeliveryJobs {
  private readonly logger = new Logger('DeliveryJobs');

  constructor(
    private readonly jobs: JobProducer,
    private readonly config: AppConfig,
  ) {}

  async enqueue(communityId: string, documentId: string, generation: number): Promise<void> {
    await this.jobs.enqueue(
      'deliveries.document',
      { communityId, documentId, generation },
      deliveryJobId(communityId, documentId, generation),
      {
        attempts: this.config.MAIL_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.config.MAIL_BACKOFF_MS },
      },
    );
  }

  /**
   * Enqueues stored deliveries after their transaction committed, each within the enqueue deadline. One that does
   * not reach Redis stays `queued` in the database; the worker's queued-work sweep enqueues it later.
   */
  async enqueueAfterCommit(
    communityId: string,
    deliveries: readonly { documentId: string; generation: number }[],
  ): Promise<void> {
    for (const delivery of deliveries) {
      try {
        await withinDeadline(this.enqueue(communityId, delivery.documentId, delivery.generation));
      } catch (error) {
        this.logger.warn(
          `Delivery of document ${delivery.documentId} left for the queued-work sweep: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
    }
  }
}

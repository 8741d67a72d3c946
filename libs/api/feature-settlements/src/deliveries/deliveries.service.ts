import { Injectable } from '@nestjs/common';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import { DeliveryStore, SettlementStore, type DeliveryRecord } from '@sdilna/api/data-access-settlement';
import type { Principal } from '@sdilna/api/util-auth';
import type { DocumentKind } from '@sdilna/shared/util-api-contract';

import { SettlementsException } from '../settlements.exception';
import { DeliveryJobs } from './delivery-jobs';
import type { DeliveryView } from './dtos/delivery.dto';

/**
 * Delivery of a final run's documents by e-mail, for administrators: every document's status (and the members
 * without an e-mail), and resending one document or every one that did not go out.
 */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly database: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly jobs: DeliveryJobs,
  ) {}

  async listOfRun(principal: Principal, communityId: string, runId: string): Promise<DeliveryView[]> {
    return this.database.run(communityId, async (tx) => {
      await this.finalRun(tx, principal, runId);
      return (await tx.store(DeliveryStore).listOfRun(runId)).map(deliveryView);
    });
  }

  /**
   * Resends every document of the run that was not delivered (`failed`, or `no-address` when the member has an
   * e-mail now); a run finalised before deliveries existed gets its deliveries written first.
   */
  async resendRun(principal: Principal, communityId: string, runId: string): Promise<DeliveryView[]> {
    const { views, queued } = await this.database.run(communityId, async (tx) => {
      await this.finalRun(tx, principal, runId);
      const store = tx.store(DeliveryStore);
      const queued = await store.queueRun(runId);
      for (const delivery of await store.listOfRun(runId)) {
        if (delivery.status !== 'failed' && delivery.status !== 'no-address') continue;
        const generation = await store.requeue(delivery.documentId);
        if (generation !== undefined) queued.push({ documentId: delivery.documentId, generation });
      }
      return { views: (await store.listOfRun(runId)).map(deliveryView), queued };
    });
    await this.jobs.enqueueAfterCommit(communityId, queued);
    return views;
  }

  /** Resends one document (a new delivery to the member's current e-mail), whatever became of the last one. */
  async resendDocument(principal: Principal, communityId: string, documentId: string): Promise<DeliveryView> {
    const { view, queued } = await this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const store = tx.store(DeliveryStore);
      // A document issued before deliveries existed gets its first delivery now.
      const first = await store.queueDocument(documentId);
      const current = await store.find(documentId, true);
      if (!current) throw new SettlementsException('DOCUMENT_NOT_FOUND', 'No such document');
      if (first.length > 0) return { view: deliveryView(current), queued: first };
      // Still queued: the job that covers it is enqueued again (a no-op if Redis holds it), no second mail.
      const generation = current.status === 'queued' ? current.generation : await store.requeue(documentId);
      const view = deliveryView((await store.find(documentId)) as DeliveryRecord);
      return { view, queued: generation === undefined ? [] : [{ documentId, generation }] };
    });
    await this.jobs.enqueueAfterCommit(communityId, queued);
    return view;
  }

  private async finalRun(tx: TenantTransaction, principal: Principal, runId: string): Promise<void> {
    this.access.requireAdmin(await this.access.resolveIn(tx, principal));
    const run = await tx.store(SettlementStore).find(runId);
    if (!run) throw new SettlementsException('SETTLEMENT_NOT_FOUND', 'No such settlement run');
    if (run.status !== 'final')
      throw new SettlementsException('SETTLEMENT_NOT_APPROVED', 'Only a final run has documents to deliver');
  }
}

export function deliveryView(record: DeliveryRecord): DeliveryView {
  return {
    documentId: record.documentId,
    number: record.number,
    kind: record.kind as DocumentKind,
    ...(record.memberId !== null ? { memberId: record.memberId } : {}),
    ...(record.memberName !== null ? { memberName: record.memberName } : {}),
    ...(record.recipient !== null ? { email: record.recipient } : {}),
    status: record.status,
    ...(record.reason !== null ? { reason: record.reason } : {}),
    attempts: record.attempts,
    queuedAt: record.queuedAt.toISOString(),
    ...(record.sentAt !== null ? { sentAt: record.sentAt.toISOString() } : {}),
  };
}

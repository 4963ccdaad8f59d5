import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  HANDOVER_CONTRACT_VERSION,
  type HandoverDeliveryBody,
  type HandoverEndReason,
  type HandoverReceipt,
} from '@cp/contract';
import { receivedMessage, sentMessage, type LoggedMessage } from '@cp/message-log';
import { HUB_SENDER, signEnvelope, type JsonValue, type SignedEnvelope } from '@cp/pki';
import { signingIdentity } from '../federation/sealed-envelopes';
import { AuditService } from '../audit/audit.service';
import { SYSTEM_ACTOR } from '../access/roles';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import type { FederationCredentials } from '../federation/certificate-store';
import { RecordStore } from '../record-store/record-store.service';
import { Child } from '../record-store/child.entity';
import { todayIso } from '../record-store/dto/field-rules';
import { loadRecordParts } from '../record-store/record-rows';
import { RecordTransactions } from '../record-store/record-transactions';
import { MessageLogService } from '../message-log/message-log.service';
import { NodeHandover, type NodeHandoverState } from './handover.entity';
import { failpoint, type NodeFailpoint } from './handover-failpoint';
import { enqueueStep } from './handover-outbox';
import { packageOf, packageProblem } from './handover-package';
import { identifierConflict, leaveStub, materialise } from './handover-record';
import {
  deliveryEnvelopeOf,
  HandoverMessageError,
  openPackage,
  openReceipt,
  sealPackage,
  signReceipt,
} from './handover-seal';

type Work = (manager: EntityManager, handover: NodeHandover | null) => Promise<Partial<NodeHandover> | void>;

/**
 * This node's side of the saga: what each delivery from the hub makes it do, each in one transaction
 * (local step, record change, step for the hub, audit entry) that the hub's delivery is acknowledged only
 * after. Idempotent by the local step: a delivery already acted on changes nothing, and the step it
 * answered is sent again (the hub drops it as a duplicate, or recovers it if it was lost).
 */
@Injectable()
export class HandoverReceiver {
  private readonly logger = new Logger(HandoverReceiver.name);

  constructor(
    private readonly transactions: RecordTransactions,
    private readonly audit: AuditService,
    private readonly store: RecordStore,
    private readonly messageLog: MessageLogService,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
  ) {}

  async handle(delivery: HandoverDeliveryBody, me: FederationCredentials): Promise<void> {
    const role = delivery.fromLa === me.laCode ? 'sender' : 'receiver';
    switch (delivery.kind) {
      case 'asked':
        return this.run(delivery, me, (manager, handover) => this.asked(manager, delivery, handover, role));
      case 'send-package':
        await this.run(delivery, me, (manager, handover) =>
          this.sendPackage(manager, delivery, handover, me),
        );
        return this.crash('sender-package', delivery);
      case 'package':
        await this.run(delivery, me, (manager, handover) =>
          this.receivePackage(manager, delivery, handover, me),
        );
        return this.crash('receiver-package', delivery);
      case 'completed':
        await this.run(delivery, me, (manager, handover) =>
          this.completed(manager, delivery, handover, role, me),
        );
        return this.crash(role === 'sender' ? 'sender-completed' : 'receiver-completed', delivery);
      case 'ended':
        return this.run(delivery, me, (manager, handover) => this.ended(manager, delivery, handover, role));
    }
  }

  /**
   * This node's signed answer to a hub delivery (its acknowledgement, or a refusal), kept in its own insert
   * before it goes. A log write that fails is reported and the answer still sent: the delivery itself is
   * already committed (or was refused), and the hub keeps the answer too.
   */
  async answerDelivery(
    me: FederationCredentials,
    type: string,
    body: JsonValue,
    handoverId: string,
  ): Promise<string> {
    const signed = signEnvelope(signingIdentity(me), { recipient: HUB_SENDER, type, body });
    await this.messageLog
      .write(undefined, [
        sentMessage(signed, me.certificatePem, handoverId === 'unknown' ? undefined : handoverId),
      ])
      .catch(() =>
        this.logger.error(`Message log: the answer to a delivery of handover ${handoverId} not kept`),
      );
    return JSON.stringify(signed);
  }

  private crash(step: NodeFailpoint, delivery: HandoverDeliveryBody): void {
    failpoint(this.settings.HANDOVER_FAILPOINT, step, delivery.childId);
  }

  /** One transaction: the handover row locked, the work, the step recorded, the delivery logged once. */
  private async run(delivery: HandoverDeliveryBody, me: FederationCredentials, work: Work): Promise<void> {
    await this.transactions.run(async (manager) => {
      const [logged] = await manager.query<unknown[]>(
        `SELECT 1 FROM handover_delivery_log WHERE delivery_id = $1`,
        [delivery.deliveryId],
      );
      if (logged) return;
      // The hub's delivery as signed, kept in the transaction that acts on it (with what it carried).
      const envelope = deliveryEnvelopeOf(delivery);
      if (envelope)
        await this.messageLog.write(manager, [
          receivedMessage(envelope, me.hubCertificatePem, delivery.handoverId),
        ]);
      const handover = await manager
        .getRepository(NodeHandover)
        .findOne({ where: { id: delivery.handoverId }, lock: { mode: 'pessimistic_write' } });
      const change = await work(manager, handover);
      if (change && handover) {
        await manager
          .getRepository(NodeHandover)
          .update({ id: handover.id }, { ...change, updatedAt: new Date() });
        await this.audit.record(manager, {
          context: { actor: SYSTEM_ACTOR, correlationId: delivery.correlationId },
          action: 'handover.step',
          outcome: 'allowed',
          childId: delivery.childId,
          detail: {
            handoverId: delivery.handoverId,
            delivery: delivery.kind,
            step: change.state ?? handover.state,
            ...(change.endReason ? { endReason: change.endReason } : {}),
          },
        });
      }
      await manager.query(
        `INSERT INTO handover_delivery_log (delivery_id, handover_id, kind, result) VALUES ($1, $2, $3, $4)`,
        [delivery.deliveryId, delivery.handoverId, delivery.kind, change?.state ?? 'unchanged'],
      );
    });
  }

  private async newRow(
    manager: EntityManager,
    delivery: HandoverDeliveryBody,
    role: NodeHandover['role'],
    state: NodeHandoverState,
    endReason: string | null,
  ): Promise<NodeHandover> {
    const row = Object.assign(new NodeHandover(), {
      id: delivery.handoverId,
      childId: delivery.childId,
      role,
      initiatedBy: delivery.initiatedBy,
      fromLa: delivery.fromLa,
      toLa: delivery.toLa,
      reasonCode: delivery.reasonCode,
      state,
      endReason,
      correlationId: delivery.correlationId,
      package: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await manager.getRepository(NodeHandover).insert(row);
    return row;
  }

  /** The other side started a handover: the holder freezes the record; a data manager will answer. */
  private async asked(
    manager: EntityManager,
    delivery: HandoverDeliveryBody,
    handover: NodeHandover | null,
    role: NodeHandover['role'],
  ) {
    if (handover) return this.resend(manager, handover);
    if (role === 'receiver') {
      await this.newRow(manager, delivery, role, 'awaiting-answer', null);
      return { state: 'awaiting-answer' as const };
    }
    const child = await manager
      .getRepository(Child)
      .findOne({ where: { id: delivery.childId }, lock: { mode: 'pessimistic_write' } });
    const refusal: HandoverEndReason | undefined = !child
      ? 'record-not-found'
      : child.movedOut
        ? 'record-moved-out'
        : child.handoverId
          ? 'handover-in-progress'
          : undefined;
    if (refusal) {
      const row = await this.newRow(manager, delivery, role, 'ended', refusal);
      await enqueueStep(manager, row, 'refuse', { endReason: refusal });
      return { state: 'ended' as const, endReason: refusal };
    }
    const row = await this.newRow(manager, delivery, role, 'awaiting-answer', null);
    await manager.getRepository(Child).update({ id: delivery.childId }, { handoverId: row.id });
    return { state: 'awaiting-answer' as const };
  }

  /** A, both sides agreed: seal the frozen record for B and sign it. */
  private async sendPackage(
    manager: EntityManager,
    delivery: HandoverDeliveryBody,
    handover: NodeHandover | null,
    me: FederationCredentials,
  ) {
    if (!handover || handover.role !== 'sender') return;
    if (!['started', 'accepted', 'package-sent'].includes(handover.state)) return;
    const child = await manager
      .getRepository(Child)
      .findOne({ where: { id: handover.childId }, lock: { mode: 'pessimistic_write' } });
    if (!child || child.handoverId !== handover.id) return this.giveUp(manager, handover, 'record-not-found');
    const pkg = packageOf(await loadRecordParts(manager, child), {
      handoverId: handover.id,
      fromLa: me.laCode,
      fromLaName: this.settings.NODE_LA_NAME,
      toLa: handover.toLa,
    });
    let sealed;
    try {
      sealed = sealPackage(
        pkg,
        { laCode: handover.toLa, certificatePem: delivery.peerCertificatePem ?? '' },
        me,
      );
    } catch (error) {
      if (error instanceof HandoverMessageError) return this.giveUp(manager, handover, 'no-certificate');
      throw error;
    }
    await this.keep(manager, [sentMessage(sealed, me.certificatePem, handover.id)]);
    await enqueueStep(manager, handover, 'package', { package: sealed });
    return { state: 'package-sent' as const };
  }

  /** B: check A's signature and certificate, open, check it is this handover's child; keep it until the hub decides. */
  private async receivePackage(
    manager: EntityManager,
    delivery: HandoverDeliveryBody,
    handover: NodeHandover | null,
    me: FederationCredentials,
  ) {
    if (!handover || handover.role !== 'receiver') return;
    if (handover.state === 'package-received') {
      await this.sendReceipt(manager, handover, me);
      return;
    }
    if (!['started', 'accepted'].includes(handover.state)) return;
    let received: SignedEnvelope | undefined;
    let pkg;
    try {
      pkg = await openPackage(delivery, me, (envelope) => (received = envelope));
    } catch (error) {
      if (!(error instanceof HandoverMessageError)) throw error;
      this.logger.warn(`Handover ${handover.id}: package refused (${error.reason})`);
      return this.giveUp(manager, handover, 'package-invalid');
    }
    // A's package as signed (its body still sealed), verified against the certificate the hub relayed.
    if (received)
      await this.keep(manager, [receivedMessage(received, delivery.peerCertificatePem ?? '', handover.id)]);
    if (packageProblem(pkg, { ...handover, handoverId: handover.id }))
      return this.giveUp(manager, handover, 'package-invalid');
    if (await identifierConflict(manager, pkg)) return this.giveUp(manager, handover, 'identifier-conflict');
    await this.sendReceipt(manager, handover, me);
    return { state: 'package-received' as const, package: pkg };
  }

  /** B signs its receipt for A, keeps it, and queues it for the hub, all in the caller's transaction. */
  private async sendReceipt(manager: EntityManager, handover: NodeHandover, me: FederationCredentials) {
    const receipt = signReceipt(this.receiptFor(handover, me), me);
    await this.keep(manager, [sentMessage(receipt, me.certificatePem, handover.id)]);
    await enqueueStep(manager, handover, 'received', { receipt });
  }

  private keep(manager: EntityManager, messages: LoggedMessage[]): Promise<void> {
    return this.messageLog.write(manager, messages);
  }

  /** B's signed word for A: B holds the record from today, and how A's practitioners reach B. */
  private receiptFor(handover: NodeHandover, me: FederationCredentials): HandoverReceipt {
    return {
      v: HANDOVER_CONTRACT_VERSION,
      handoverId: handover.id,
      childId: handover.childId,
      fromLa: handover.fromLa,
      toLa: me.laCode,
      toLaName: this.settings.NODE_LA_NAME,
      movedOn: todayIso(),
      contact: {
        name: this.settings.LA_CONTACT_NAME,
        telephone: this.settings.LA_CONTACT_TELEPHONE,
        email: this.settings.LA_CONTACT_EMAIL,
      },
    };
  }

  /** The hub decided: B holds the record. B makes it live; A leaves the stub. */
  private async completed(
    manager: EntityManager,
    delivery: HandoverDeliveryBody,
    handover: NodeHandover | null,
    role: NodeHandover['role'],
    me: FederationCredentials,
  ) {
    if (!handover || handover.state === 'completed') return;
    if (role === 'receiver') {
      if (!handover.package) throw new Error(`Handover ${handover.id} completed without a package here`);
      await materialise(manager, handover.package, this.store, me.laCode);
      this.logger.log(`Handover ${handover.id}: child ${handover.childId} now held here`);
      return { state: 'completed' as const, package: null };
    }
    // A refuses to act on a receipt it cannot verify: the delivery stays unacknowledged (operators see it stuck).
    let signed: SignedEnvelope | undefined;
    const receipt = await openReceipt(delivery, me, (envelope) => (signed = envelope));
    if (signed)
      await this.keep(manager, [receivedMessage(signed, delivery.peerCertificatePem ?? '', handover.id)]);
    const child = await manager
      .getRepository(Child)
      .findOne({ where: { id: handover.childId }, lock: { mode: 'pessimistic_write' } });
    if (child && !child.movedOut) await leaveStub(manager, child, receipt, this.store);
    this.logger.log(`Handover ${handover.id}: child ${handover.childId} moved to LA ${handover.toLa}`);
    return { state: 'completed' as const };
  }

  /** The hub ended the handover without moving the record: A thaws it, B forgets the package. */
  private async ended(
    manager: EntityManager,
    delivery: HandoverDeliveryBody,
    handover: NodeHandover | null,
    role: NodeHandover['role'],
  ) {
    const endReason = delivery.endReason ?? 'operator-abort';
    if (!handover) {
      await this.newRow(manager, delivery, role, 'ended', endReason);
      return;
    }
    if (handover.state === 'completed') return;
    if (role === 'sender')
      await manager.query(`UPDATE child SET handover_id = NULL WHERE id = $1 AND handover_id = $2`, [
        handover.childId,
        handover.id,
      ]);
    if (handover.state === 'ended' && handover.endReason === endReason) return;
    return { state: 'ended' as const, endReason, package: null };
  }

  /** This node cannot go on: it asks the hub to cancel, naming why; the record stays until the hub answers. */
  private async giveUp(manager: EntityManager, handover: NodeHandover, reason: HandoverEndReason) {
    this.logger.warn(`Handover ${handover.id}: cancelling (${reason})`);
    await enqueueStep(manager, handover, 'cancel', { endReason: reason });
    return { state: 'cancelling' as const, endReason: reason };
  }

  /** A delivery already acted on: send the step it answered again (a duplicate at the hub, unless lost). */
  private async resend(manager: EntityManager, handover: NodeHandover): Promise<void> {
    const byState: Partial<Record<NodeHandoverState, 'accept' | 'cancel' | 'refuse'>> = {
      accepted: 'accept',
      cancelling: 'cancel',
    };
    const kind = byState[handover.state];
    if (kind)
      await enqueueStep(
        manager,
        handover,
        kind,
        kind === 'cancel' ? { endReason: handover.endReason as HandoverEndReason } : {},
      );
  }
}

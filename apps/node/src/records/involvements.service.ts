import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@cp/errors';
import { isSensitiveService, type InvolvementInput } from '@cp/record-model';
import { type AccessContext } from '../access/access-context';
import type { AuditAction } from '../audit/audit-entry.entity';
import type { Actor } from '../access/roles';
import type { Child } from '../record-store/child.entity';
import {
  ChangeInvolvementDto,
  EndInvolvementDto,
  IndicatorsDto,
  InvolvementDto,
  LeadProfessionalDto,
} from './dto/involvement.dto';
import { Involvement } from '../record-store/involvement.entity';
import { involvementRow, lockChild } from '../record-store/record-rows';
import { assertInvolvementDates, assertWritable } from '../record-store/record-rules';
import { RecordStore } from '../record-store/record-store.service';
import { RecordTransactions } from '../record-store/record-transactions';
import { validateInput } from '../record-store/validate-input';

export interface InvolvementWriteResult {
  childId: string;
  involvementId: string;
  /** The child record's new version: every involvement write adds one to it. */
  version: number;
}

/**
 * A practitioner registers, changes and ends only their own involvements and sets only their own
 * indicators, and not on a shielded record (the shielding team brokers those). Data managers maintain any
 * involvement and appoint the lead professional. Involvement writes carry no version: each touches one
 * involvement under a lock on the child's row, and bumps the child's version.
 */
@Injectable()
export class InvolvementsService {
  constructor(
    private readonly transactions: RecordTransactions,
    private readonly store: RecordStore,
  ) {}

  async add(
    childId: string,
    input: InvolvementInput,
    context: AccessContext,
  ): Promise<InvolvementWriteResult> {
    const involvement = await validateInput(InvolvementDto, input);
    assertInvolvementDates(involvement, '');
    return this.write(context, 'involvement.add', childId, async (manager, child) => {
      assertMayTouchShielded(child, context.actor);
      if (involvement.isLeadProfessional) {
        if (context.actor.role === 'practitioner') {
          throw new ForbiddenError('A data manager appoints the lead professional');
        }
        if (involvement.endDate) {
          throw InvalidInputError.field(
            'isLeadProfessional',
            'leadIsCurrent',
            'An ended involvement cannot be lead',
          );
        }
        const lead = await manager
          .getRepository(Involvement)
          .findOneBy({ childId, isLeadProfessional: true });
        if (lead) {
          throw InvalidInputError.field(
            'isLeadProfessional',
            'oneLeadProfessional',
            'The child already has a lead professional: change it with PUT lead-professional',
          );
        }
      }
      const row = involvementRow(childId, involvement, context.actor.userId);
      await manager.getRepository(Involvement).insert(row);
      return { involvementId: row.id, detail: { serviceType: row.serviceType } };
    });
  }

  async change(
    childId: string,
    involvementId: string,
    input: ChangeInvolvementDto,
    context: AccessContext,
  ): Promise<InvolvementWriteResult> {
    const change = await validateInput(ChangeInvolvementDto, input);
    if (changedFields(change).length === 0) {
      throw InvalidInputError.field('body', 'nothingToChange', 'Name at least one field to change');
    }
    return this.write(context, 'involvement.update', childId, async (manager, child) => {
      const involvement = await this.ownInvolvement(manager, child, involvementId, context.actor);
      Object.assign(involvement, {
        ...(change.practitionerName ? { practitionerName: change.practitionerName.trim() } : {}),
        ...(change.role ? { role: change.role.trim() } : {}),
        ...(change.organisation ? { organisation: change.organisation.trim() } : {}),
        ...(change.serviceType ? { serviceType: change.serviceType } : {}),
        ...(change.startDate ? { startDate: change.startDate } : {}),
        ...(change.consent ? { consentRecordedOn: change.consent.recordedOn } : {}),
        ...(change.contact
          ? {
              telephone: change.contact.telephone?.trim() || null,
              email: change.contact.email?.trim() || null,
            }
          : {}),
      });
      if (isSensitiveService(involvement.serviceType) && !involvement.consentRecordedOn) {
        throw InvalidInputError.field(
          'consent',
          'consentRequired',
          'consent must be recorded for an involvement with a sensitive service',
        );
      }
      assertInvolvementDates(
        { startDate: involvement.startDate, endDate: involvement.endDate ?? undefined },
        '',
      );
      await manager.getRepository(Involvement).save(involvement);
      return { involvementId, detail: { fields: changedFields(change) } };
    });
  }

  async end(
    childId: string,
    involvementId: string,
    input: EndInvolvementDto,
    context: AccessContext,
  ): Promise<InvolvementWriteResult> {
    const { endDate } = await validateInput(EndInvolvementDto, input);
    return this.write(context, 'involvement.end', childId, async (manager, child) => {
      const involvement = await this.ownInvolvement(manager, child, involvementId, context.actor);
      if (involvement.endDate) throw new ConflictError(`Involvement ${involvementId} has already ended`);
      assertInvolvementDates({ startDate: involvement.startDate, endDate }, '');
      const wasLead = involvement.isLeadProfessional;
      await manager
        .getRepository(Involvement)
        .update({ id: involvementId }, { endDate, isLeadProfessional: false });
      return { involvementId, detail: { wasLeadProfessional: wasLead } };
    });
  }

  async setIndicators(
    childId: string,
    involvementId: string,
    input: IndicatorsDto,
    context: AccessContext,
  ): Promise<InvolvementWriteResult> {
    const indicators = await validateInput(IndicatorsDto, input);
    return this.write(context, 'indicators.set', childId, async (manager, child) => {
      await this.ownInvolvement(manager, child, involvementId, context.actor);
      await manager.getRepository(Involvement).update(
        { id: involvementId },
        {
          hasInformationToShare: indicators.hasInformationToShare,
          assessmentType: indicators.assessment?.type ?? null,
          assessmentDate: indicators.assessment?.date ?? null,
        },
      );
      return {
        involvementId,
        detail: {
          hasInformationToShare: indicators.hasInformationToShare,
          assessmentType: indicators.assessment?.type ?? 'none',
        },
      };
    });
  }

  /** Appoints (or changes) the lead professional: one of the child's current involvements. */
  async appointLeadProfessional(
    childId: string,
    input: LeadProfessionalDto,
    context: AccessContext,
  ): Promise<InvolvementWriteResult> {
    const { involvementId } = await validateInput(LeadProfessionalDto, input);
    return this.write(context, 'lead-professional.appoint', childId, async (manager, child) => {
      assertMayTouchShielded(child, context.actor);
      const repository = manager.getRepository(Involvement);
      const involvement = await repository.findOneBy({ id: involvementId, childId });
      if (!involvement) {
        throw InvalidInputError.field(
          'involvementId',
          'involvementOfChild',
          'Not an involvement of this child',
        );
      }
      if (involvement.endDate) {
        throw InvalidInputError.field(
          'involvementId',
          'leadIsCurrent',
          'An ended involvement cannot be lead',
        );
      }
      const previous = await repository.findOneBy({ childId, isLeadProfessional: true });
      if (previous) await repository.update({ id: previous.id }, { isLeadProfessional: false });
      await repository.update({ id: involvementId }, { isLeadProfessional: true });
      return { involvementId, detail: { previousInvolvementId: previous?.id ?? 'none' } };
    });
  }

  /** Locks the child, runs the change, bumps the version and audits it, all in one transaction. */
  private write(
    context: AccessContext,
    action: AuditAction,
    childId: string,
    change: (
      manager: EntityManager,
      child: Child,
    ) => Promise<{ involvementId: string; detail: Record<string, string | number | boolean | string[]> }>,
  ): Promise<InvolvementWriteResult> {
    return this.transactions.run(async (manager) => {
      const child = await lockChild(manager, childId);
      assertWritable(child);
      const { involvementId, detail } = await change(manager, child);
      const version = await this.store.involvementsChanged(manager, child, {
        context,
        action,
        detail: { involvementId, ...detail },
      });
      return { childId, involvementId, version };
    });
  }

  private async ownInvolvement(
    manager: EntityManager,
    child: Child,
    involvementId: string,
    actor: Actor,
  ): Promise<Involvement> {
    const involvement = await manager
      .getRepository(Involvement)
      .findOneBy({ id: involvementId, childId: child.id });
    if (!involvement) throw new NotFoundError(`No involvement ${involvementId} on child record ${child.id}`);
    assertMayTouchShielded(child, actor);
    if (actor.role === 'practitioner' && involvement.registeredBy !== actor.userId) {
      throw new ForbiddenError('A practitioner may change only the involvements they registered');
    }
    return involvement;
  }
}

function assertMayTouchShielded(child: Child, actor: Actor): void {
  if (child.shielded && actor.role === 'practitioner') {
    throw new ForbiddenError('This record is shielded: the LA shielding team records involvements with it');
  }
}

function changedFields(change: ChangeInvolvementDto): string[] {
  return Object.entries(change)
    .filter(([, value]) => value !== undefined)
    .map(([field]) => field)
    .sort();
}

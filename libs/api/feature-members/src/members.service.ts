import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Brackets } from 'typeorm';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import {
  CommunityStore,
  type Access,
  mappingDatabaseErrors,
  type RegistryList,
  RegistryUseCase,
  canSeeMember,
  MemberEntity,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  PeriodChangeStore,
  runRows,
  VatStatusStore,
} from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import {
  CsvFormatError,
  definedOnly,
  type ImportReport,
  type Page,
  type PageRequest,
  FIRST_LOCAL_DATE,
  parseCsv,
  pragueToday,
} from '@sdilna/api/util-registry';
import {
  describeVatStatusProblem,
  firstVatDifference,
  vatStatusProblem,
  type VatStatus,
} from '@sdilna/shared/domain-settlement';
import { firstVoteCapBreach, memberRuleViolation, rulesFor } from '@sdilna/shared/domain-core';

import type {
  CreateMemberDto,
  MemberListQueryDto,
  MemberVatStatusesDto,
  MemberView,
  UpdateMemberDto,
} from './dtos/member.dto';
import { CreateMemberDto as CreateMemberDtoClass } from './dtos/member.dto';
import { MembersException } from './members.exception';

export function toMemberView(member: MemberEntity): MemberView {
  return {
    id: member.id,
    name: member.name,
    kind: member.kind,
    email: member.email,
    phone: member.phone,
    address: member.address,
    ico: member.ico,
    dic: member.dic ?? null,
    vatStatus: member.vatStatus ?? 'non-payer',
    vatPayer: member.vatStatus === 'payer',
    selfBillingAgreedOn: member.selfBillingAgreedOn,
    votes: member.votes,
    enterpriseSize: member.enterpriseSize,
    orp: member.orp,
    parentMemberId: member.parentMemberId,
    joinedOn: member.joinedOn,
    leftOn: member.leftOn,
  };
}

/** The members a list query asks for, by name; members see themselves, accountants the municipality and its units. */
function memberList(query: MemberListQueryDto): RegistryList<MemberEntity, MemberView> {
  return {
    visibleBy: 'member.id',
    view: toMemberView,
    query: (tx) => {
      const builder = tx.manager.createQueryBuilder(MemberEntity, 'member');
      if (query.kind !== undefined) builder.andWhere('member.kind = :kind', { kind: query.kind });
      if (query.q !== undefined && query.q.trim() !== '') {
        const pattern = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        builder.andWhere(
          new Brackets((where) => {
            where
              .where('member.name ILIKE :pattern', { pattern })
              .orWhere('member.ico LIKE :pattern', { pattern })
              .orWhere('member.email ILIKE :pattern', { pattern });
          }),
        );
      }
      if (query.active === true)
        builder.andWhere('(member.left_on IS NULL OR member.left_on >= :today)', { today: pragueToday() });
      return builder.orderBy('member.name').addOrderBy('member.id');
    },
  };
}

@Injectable()
export class MembersService {
  constructor(private readonly registry: RegistryUseCase) {}

  list(
    principal: Principal,
    communityId: string,
    query: MemberListQueryDto,
    page: PageRequest,
  ): Promise<Page<MemberView>> {
    return this.registry.page(principal, communityId, page, memberList(query));
  }

  async get(principal: Principal, communityId: string, memberId: string): Promise<MemberView> {
    return this.registry.read(principal, communityId, async (tx, access) => {
      const member = await this.findVisible(tx, access, memberId);
      return { ...toMemberView(member), vatStatuses: await tx.store(VatStatusStore).memberHistory(memberId) };
    });
  }

  async create(principal: Principal, communityId: string, input: CreateMemberDto): Promise<MemberView> {
    return this.registry.change(principal, communityId, async (tx, access) => {
      const member = await this.insert(tx, access, input);
      await this.checkVotes(tx, access);
      return toMemberView(member);
    });
  }

  /**
   * Replaces a member's dated VAT statuses (someone becomes a payer from a day). Every row's DIČ agrees with its
   * status; the days from the first change on are re-priced: refused over a final month unless made as a
   * correction, drafts recomputed.
   */
  async replaceVatStatuses(
    principal: Principal,
    communityId: string,
    memberId: string,
    input: MemberVatStatusesDto,
  ): Promise<MemberView> {
    return this.registry.change(principal, communityId, async (tx, access) => {
      const before = await this.findVisible(tx, access, memberId);
      const history = [...input.vatStatuses]
        .map((row) => ({
          validFrom: row.validFrom,
          status: row.status,
          ...(row.dic !== undefined ? { dic: row.dic } : {}),
        }))
        .sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
      history.forEach((row, index) => {
        if (index > 0 && history[index - 1]?.validFrom === row.validFrom)
          throw new MembersException(
            'VAT_STATUS_INVALID',
            `two VAT statuses start on ${row.validFrom}; one per day`,
          );
        refuseVatContradiction(before.name, row);
      });
      const store = tx.store(VatStatusStore);
      const historyBefore = await store.memberHistory(memberId);
      const from = firstVatDifference(historyBefore, history);
      if (from !== undefined) {
        await tx.store(PeriodChangeStore).apply({
          what: `VAT status of ${before.name} from ${from}`,
          days: [{ from, to: null }],
          affects: 'prices',
          ...(input.asCorrection !== undefined ? { asCorrection: input.asCorrection } : {}),
        });
        await store.replaceMemberHistory(memberId, history);
      }
      const after = await tx.manager.findOneByOrFail(MemberEntity, { id: memberId });
      await this.registry.record(tx, access, {
        action: 'update',
        entity: 'member',
        entityId: memberId,
        before: { vatStatuses: historyBefore },
        after: { vatStatuses: history },
      });
      return { ...toMemberView(after), vatStatuses: history };
    });
  }

  async update(
    principal: Principal,
    communityId: string,
    memberId: string,
    input: UpdateMemberDto,
  ): Promise<MemberView> {
    return this.registry.change(principal, communityId, async (tx, access) => {
      const before = await this.findVisible(tx, access, memberId);
      const { vatStatus, vatPayer, dic, ...changes } = definedOnly(input);
      const merged: MemberEntity = {
        ...before,
        ...changes,
        // null clears the address; a new one is stored in lower case
        email: changes.email !== undefined ? (changes.email?.toLowerCase() ?? null) : before.email,
      };
      await this.checkMemberRules(tx, access, merged);
      if (vatStatus !== undefined || vatPayer !== undefined || dic !== undefined) {
        // corrects the status in force today (its row, or one from the start when there is none)
        const status: VatStatus =
          vatStatus ??
          (vatPayer !== undefined ? (vatPayer ? 'payer' : 'non-payer') : (before.vatStatus ?? 'non-payer'));
        // a non-payer keeps no DIČ unless one is sent (then refused); a registered status keeps its DIČ
        const keptDic = status === 'non-payer' ? dic : (dic ?? before.dic ?? undefined);
        await this.correctTodaysVatStatus(tx, merged, {
          status,
          ...(keptDic !== undefined ? { dic: keptDic } : {}),
        });
      }
      await saving(() =>
        tx.manager.update(
          MemberEntity,
          { id: memberId },
          {
            name: merged.name,
            kind: merged.kind,
            email: merged.email,
            phone: merged.phone,
            address: merged.address,
            ico: merged.ico,
            selfBillingAgreedOn: merged.selfBillingAgreedOn,
            votes: merged.votes,
            enterpriseSize: merged.enterpriseSize,
            orp: merged.orp,
            parentMemberId: merged.parentMemberId,
            joinedOn: merged.joinedOn,
            leftOn: merged.leftOn,
          },
        ),
      );
      await this.checkVotes(tx, access);
      const after = await tx.manager.findOneByOrFail(MemberEntity, { id: memberId });
      await this.registry.record(tx, access, {
        action: 'update',
        entity: 'member',
        entityId: memberId,
        before: toMemberView(before),
        after: toMemberView(after),
      });
      return toMemberView(after);
    });
  }

  /** Deletes a member registered by mistake; one with points or units stays (set `leftOn` instead). */
  async remove(principal: Principal, communityId: string, memberId: string): Promise<void> {
    await this.registry.change(principal, communityId, async (tx, access) => {
      const before = await this.findVisible(tx, access, memberId);
      await saving(() => tx.manager.delete(MemberEntity, { id: memberId }));
      await this.checkVotes(tx, access);
      await this.registry.record(tx, access, {
        action: 'delete',
        entity: 'member',
        entityId: memberId,
        before: toMemberView(before),
      });
    });
  }

  /**
   * CSV columns (header names, any order, case-insensitive): name, kind, email, phone, address, ico, dic,
   * vatPayer (true/false/ano/ne/1/0), votes, enterpriseSize (small/medium/large), orp, parentIco (the municipality of a municipal unit, registered before or
   * earlier in the file), joinedOn, leftOn. All rows are imported or none.
   */
  async import(principal: Principal, communityId: string, csv: string): Promise<ImportReport> {
    let rows;
    try {
      rows = parseCsv(csv);
    } catch (error) {
      throw new MembersException(
        'IMPORT_INVALID_FILE',
        error instanceof CsvFormatError ? error.message : 'The file is not CSV',
      );
    }
    if (rows.length === 0)
      throw new MembersException('IMPORT_INVALID_FILE', 'The file has a header but no rows');
    const parsed = await Promise.all(
      rows.map(async (row) => ({ line: row.line, values: row.values, dto: await toCreateDto(row.values) })),
    );
    return this.registry.change(principal, communityId, async (tx, access) => {
      const results = await runRows(
        tx.manager,
        parsed,
        async (row) => {
          if (typeof row.dto === 'string') throw new InvalidRow(row.dto);
          const parentIco = row.values['parentico'] ?? '';
          if (parentIco !== '') {
            const parent = await tx.manager.findOne(MemberEntity, { where: { ico: parentIco } });
            if (!parent)
              throw new MembersException(
                'MEMBER_PARENT_INVALID',
                `No member with IČO ${parentIco} (the parent municipality)`,
              );
            row.dto.parentMemberId = parent.id;
          }
          return (await this.insert(tx, access, row.dto, 'import')).id;
        },
        (error) =>
          error instanceof InvalidRow ? { code: 'VALIDATION_FAILED', message: error.message } : undefined,
      );
      const failed = results.some((result) => result.problems.length > 0);
      const fileProblems: { code: string; message: string }[] = [];
      if (!failed) {
        try {
          await this.checkVotes(tx, access);
        } catch (error) {
          if (!(error instanceof MembersException)) throw error;
          fileProblems.push({ code: error.code, message: error.message });
        }
      }
      if (failed || fileProblems.length > 0) {
        // Thrown inside the transaction, so it rolls back: nothing of a file with a failing row stays.
        throw new MembersException(
          'IMPORT_REJECTED',
          'No member was imported: fix the problems listed in details and upload the file again',
          {
            imported: 0,
            rows: results.map((result) => ({
              line: result.line,
              status: result.problems.length === 0 ? 'ok' : 'error',
              ...(result.problems.length > 0 ? { problems: result.problems } : {}),
            })),
            problems: fileProblems,
          },
        );
      }
      return {
        imported: results.length,
        rows: results.map((result) => ({ line: result.line, status: 'ok' as const, id: result.value })),
      };
    });
  }

  /**
   * Registers a member inside the caller's registry change, with the same rules as `create` (a join request's
   * acceptance creates the member, its points and its invitation in one transaction).
   */
  async register(
    tx: TenantTransaction,
    access: Access,
    input: CreateMemberDto,
    action: 'create' | 'import' = 'create',
    options: { readonly checkVotes: boolean } = { checkVotes: true },
  ): Promise<MemberView> {
    const member = await this.insert(tx, access, input, action);
    if (options.checkVotes) await this.checkVotes(tx, access);
    return toMemberView(member);
  }

  /** The vote cap over the whole community, once after a file of new members (`register` without the check). */
  checkVoteCap(tx: TenantTransaction, access: Access): Promise<void> {
    return this.checkVotes(tx, access);
  }

  private async insert(
    tx: TenantTransaction,
    access: Access,
    input: CreateMemberDto,
    action: 'create' | 'import' = 'create',
  ): Promise<MemberEntity> {
    const member: MemberEntity = {
      communityId: tx.communityId,
      id: randomUUID(),
      kind: input.kind,
      name: input.name,
      email: input.email?.toLowerCase() ?? null,
      phone: input.phone ?? null,
      address: input.address ?? null,
      ico: input.ico ?? null,
      selfBillingAgreedOn: input.selfBillingAgreedOn ?? null,
      votes: input.votes ?? 0,
      enterpriseSize: input.enterpriseSize ?? null,
      orp: input.orp ?? null,
      parentMemberId: input.parentMemberId ?? null,
      joinedOn: input.joinedOn ?? pragueToday(),
      leftOn: input.leftOn ?? null,
      createdAt: new Date(),
    };
    await this.checkMemberRules(tx, access, member);
    const vat = {
      validFrom: FIRST_LOCAL_DATE,
      status: input.vatStatus ?? (input.vatPayer === true ? 'payer' : 'non-payer'),
      ...(input.dic !== undefined ? { dic: input.dic } : {}),
    } as const;
    refuseVatContradiction(member.name, vat);
    const { createdAt: _createdAt, ...row } = member;
    await saving(() => tx.manager.insert(MemberEntity, row));
    await tx.store(VatStatusStore).replaceMemberHistory(member.id, [vat]);
    const stored = { ...member, vatStatus: vat.status, dic: vat.dic ?? null };
    await this.registry.record(tx, access, {
      action,
      entity: 'member',
      entityId: member.id,
      after: toMemberView(stored),
    });
    return stored;
  }

  /** Replaces the status and DIČ of the VAT row in force today (the member's registry data were wrong). */
  private async correctTodaysVatStatus(
    tx: TenantTransaction,
    member: MemberEntity,
    row: { status: VatStatus; dic?: string | undefined },
  ): Promise<void> {
    const store = tx.store(VatStatusStore);
    const history = await store.memberHistory(member.id);
    const today = pragueToday();
    const current = [...history].reverse().find((entry) => entry.validFrom <= today);
    const corrected = {
      validFrom: current?.validFrom ?? FIRST_LOCAL_DATE,
      status: row.status,
      ...(row.dic !== undefined ? { dic: row.dic } : {}),
    };
    refuseVatContradiction(member.name, corrected);
    const next = [...history.filter((entry) => entry.validFrom !== corrected.validFrom), corrected].sort(
      (a, b) => (a.validFrom < b.validFrom ? -1 : 1),
    );
    const from = firstVatDifference(history, next);
    if (from === undefined) return;
    await tx.store(PeriodChangeStore).apply({
      what: `VAT status of ${member.name} from ${from}`,
      days: [{ from, to: null }],
      affects: 'prices',
    });
    await store.replaceMemberHistory(member.id, next);
  }

  private async checkMemberRules(tx: TenantTransaction, access: Access, member: MemberEntity): Promise<void> {
    // The rules of the later of today and the day the member joins: a member registered ahead of its joining
    // is held to the rules of its first day.
    const today = pragueToday();
    const violation = memberRuleViolation(
      access.community,
      member,
      member.joinedOn > today ? member.joinedOn : today,
    );
    if (violation) throw new MembersException(violation.code, `${member.name}: ${violation.message}`);
    if (member.leftOn !== null && member.leftOn < member.joinedOn) {
      throw new MembersException('MEMBER_PARENT_INVALID', 'leftOn is before joinedOn');
    }
    if (member.kind === 'municipal-unit') {
      if (member.parentMemberId === null)
        throw new MembersException(
          'MEMBER_PARENT_INVALID',
          'A municipal unit names its municipality (parentMemberId)',
        );
      const parent = await tx.manager.findOne(MemberEntity, {
        where: { id: member.parentMemberId },
      });
      if (!parent || parent.kind !== 'municipality') {
        throw new MembersException(
          'MEMBER_PARENT_INVALID',
          'parentMemberId must be a member of kind municipality in this community',
        );
      }
    } else if (member.parentMemberId !== null) {
      throw new MembersException('MEMBER_PARENT_INVALID', 'Only a municipal unit has a parent municipality');
    }
  }

  /**
   * The 10 % vote cap, after the change, on every date from today on: on each date only the members whose
   * membership holds that day count (one joining later neither dilutes nor is counted today), so the register may
   * be built ahead of the day the members join and a file of members is checked as a whole (domain-core
   * vote-cap.ts). Past dates are history: the votes of past assemblies were cast.
   */
  private async checkVotes(tx: TenantTransaction, access: Access): Promise<void> {
    const today = pragueToday();
    const cap = rulesFor(access.community.type, today).maxVoteShareBasisPoints;
    if (cap === undefined) return;
    // Serialises vote changes per community: the check below then reads the votes other transactions committed.
    await tx.store(CommunityStore).lock();
    const voters = await tx.manager
      .createQueryBuilder(MemberEntity, 'member')
      .select(['member.id', 'member.name', 'member.votes', 'member.joinedOn', 'member.leftOn'])
      .where('member.votes > 0')
      .andWhere('(member.left_on IS NULL OR member.left_on >= :today)', { today })
      .getMany();
    const breach = firstVoteCapBreach(voters, cap, today);
    if (breach) {
      const { date, violations } = breach;
      throw new MembersException(
        'VOTE_SHARE_EXCEEDED',
        `No member may hold more than ${cap / 100} % of the votes; on ${date} ${violations.map((v) => `${v.name} would hold ${v.shareBasisPoints / 100} %`).join(', ')}`,
        { capBasisPoints: cap, date, violations },
      );
    }
  }

  private async findVisible(tx: TenantTransaction, access: Access, memberId: string): Promise<MemberEntity> {
    const member = canSeeMember(access, memberId)
      ? await tx.manager.findOne(MemberEntity, { where: { id: memberId } })
      : null;
    if (!member) throw new MembersException('MEMBER_NOT_FOUND', 'No such member');
    return member;
  }
}

class InvalidRow extends Error {}

/** The database's own checks of a member, as the API's errors. */
function saving<T>(write: () => Promise<T>): Promise<T> {
  return mappingDatabaseErrors(write, (info) => {
    if (info.code === PG_UNIQUE_VIOLATION)
      return new MembersException('MEMBER_ICO_TAKEN', 'Another member of this community has this IČO');
    if (info.code === PG_FOREIGN_KEY_VIOLATION) {
      return new MembersException(
        'MEMBER_IN_USE',
        'The member has metering points, units or logins; set leftOn instead of deleting',
      );
    }
    return undefined;
  });
}

const YES = new Set(['true', '1', 'ano', 'yes', 'a', 'y']);
const NO = new Set(['false', '0', 'ne', 'no', 'n', '']);

/** A CSV row as the same DTO the JSON endpoint validates, or the validation message. */
export async function toCreateDto(
  values: Readonly<Record<string, string>>,
): Promise<CreateMemberDtoClass | string> {
  const text = (key: string): string | undefined => {
    const value = values[key];
    return value === undefined || value === '' ? undefined : value;
  };
  const vat = (values['vatpayer'] ?? '').toLowerCase();
  const votesText = text('votes');
  const plain = {
    name: text('name'),
    kind: text('kind'),
    email: text('email'),
    phone: text('phone'),
    address: text('address'),
    ico: text('ico'),
    dic: text('dic'),
    vatStatus: text('vatstatus'),
    selfBillingAgreedOn: text('selfbillingagreedon'),
    vatPayer: YES.has(vat) ? true : NO.has(vat) ? false : vat,
    votes: votesText === undefined ? undefined : /^\d+$/.test(votesText) ? Number(votesText) : votesText,
    enterpriseSize: text('enterprisesize'),
    orp: text('orp'),
    joinedOn: text('joinedon'),
    leftOn: text('lefton'),
  };
  const dto = plainToInstance(CreateMemberDtoClass, plain);
  const errors = await validate(dto, { whitelist: true });
  if (errors.length === 0) return dto;
  return errors
    .map((error) => `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`)
    .join('. ');
}

/**
 * 422 when a VAT row's DIČ contradicts its status: a payer without a DIČ (VAT_PAYER_NEEDS_DIC, as before), an
 * identified person without one, or a non-payer with one (VAT_STATUS_INVALID).
 */
function refuseVatContradiction(
  name: string,
  row: { validFrom: string; status: VatStatus; dic?: string },
): void {
  const problem = vatStatusProblem(row);
  if (problem === undefined) return;
  const message = `${name} from ${row.validFrom} ${describeVatStatusProblem(problem, row.status, row.dic)}`;
  if (problem === 'dic-missing' && row.status === 'payer')
    throw new MembersException(
      'VAT_PAYER_NEEDS_DIC',
      `A VAT payer needs a DIČ (dic, e.g. CZ12345679): ${message}`,
    );
  throw new MembersException('VAT_STATUS_INVALID', message, { validFrom: row.validFrom, problem });
}

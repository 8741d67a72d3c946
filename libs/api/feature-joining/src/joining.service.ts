import { createHmac, timingSafeEqual } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { CrossTenantStore, TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import {
  type Access,
  mappingDatabaseErrors,
  PG_UNIQUE_VIOLATION,
  RegistryUseCase,
  SharingGroupStore,
  StaleRecompute,
} from '@sdilna/api/data-access-registry';
import { InvitationsService } from '@sdilna/api/feature-communities';
import { MembersService } from '@sdilna/api/feature-members';
import { MeteringPointsService } from '@sdilna/api/feature-metering-points';
import type { Principal } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';
import { joinConfirmationMail, joinDeclinedMail, MailOutbox, type MailLanguage } from '@sdilna/api/util-mail';
import { pragueToday } from '@sdilna/api/util-registry';
import {
  CURRENT_TERMS_VERSIONS,
  describeEanProblem,
  eanProblem,
  type MemberKind,
} from '@sdilna/shared/domain-core';
import { formatPricePerKwhNumber, pricePerKwhFromText } from '@sdilna/shared/domain-settlement';
import type { ApplicantKind, EstimateResponse, JoinRequestStatus } from '@sdilna/shared/util-api-contract';
import { joinConfirmLink } from '@sdilna/shared/util-portal-routes';

import type {
  AcceptJoinRequestDto,
  EstimateDto,
  JoinRequestDto,
  JoinRequestSentView,
  JoinRequestView,
  PublicCommunityView,
  PublicPageDto,
  PublicPageView,
} from './dtos/joining.dto';
import { JoiningException } from './joining.exception';
import { NewcomerEstimateService } from './newcomer-estimate.service';

/** A form must stay open this long before it is sent: robots post at once (no external captcha). */
export const MIN_FILL_MS = 3_000;
/** A form token is good for a day (a visitor may think it over). */
const FORM_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;
export const CONFIRMATION_LIFETIME_HOURS = 48;
/** Requests one e-mail address may send to one community in a day, and one client address in an hour. */
export const EMAIL_REQUEST_LIMIT = 3;
export const CLIENT_REQUEST_LIMIT = 10;

/** The member kind a request's kind becomes when accepted (a housing association has no own member kind). */
const MEMBER_KIND: Readonly<Record<ApplicantKind, MemberKind>> = {
  household: 'household',
  'housing-association': 'other',
  sme: 'sme',
  municipality: 'municipality',
};

interface PageRow {
  community_id: string;
  slug: string;
  published: boolean;
  description: string;
  sources: string;
  conditions: string;
  supplier_price_per_mwh: string;
  updated_at: Date;
}

interface RequestRow {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  address: string;
  kind: ApplicantKind;
  eans: string[];
  yearly_consumption: string;
  estimate: EstimateResponse;
  consents: Array<{ kind: string; version: string; granted: boolean }>;
  message: string | null;
  language: MailLanguage;
  status: JoinRequestStatus;
  created_at: Date;
  confirmed_at: Date | null;
  decided_at: Date | null;
  decline_reason: string | null;
  member_id: string | null;
}

function pageView(row: PageRow): PublicPageView {
  return {
    slug: row.slug,
    published: row.published,
    description: row.description,
    sources: row.sources,
    conditions: row.conditions,
    supplierPricePerKwh: formatPricePerKwhNumber(Number(row.supplier_price_per_mwh)),
    updatedAt: row.updated_at.toISOString(),
  };
}

function requestView(row: RequestRow): JoinRequestView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    address: row.address,
    kind: row.kind,
    eans: row.eans,
    yearlyConsumptionKwh: Number(row.yearly_consumption) / 100,
    estimate: row.estimate,
    consents: row.consents,
    message: row.message,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    decidedAt: row.decided_at?.toISOString() ?? null,
    declineReason: row.decline_reason,
    memberId: row.member_id,
  };
}

const REQUEST_COLUMNS = `id, name, email, phone, address, kind, eans, yearly_consumption, estimate, consents, message,
  language, status, created_at, confirmed_at, decided_at, decline_reason, member_id`;

/**
 * The public page and join requests (issue 23 item 1, docs/joining.md). Public use cases find the community by
 * its published slug (`CrossTenantStore.publishedCommunity`, ids only) and then work in that tenant's
 * transaction like any other: they read only what the page publishes and the stored production the engine needs.
 */
@Injectable()
export class JoiningService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly crossTenant: CrossTenantStore,
    private readonly registry: RegistryUseCase,
    private readonly estimates: NewcomerEstimateService,
    private readonly members: MembersService,
    private readonly points: MeteringPointsService,
    private readonly invitations: InvitationsService,
    private readonly stale: StaleRecompute,
    private readonly outbox: MailOutbox,
    private readonly config: AppConfig,
  ) {}

  // ---- the administrator's settings of the page ---------------------------------------------------------------

  async getPage(principal: Principal, communityId: string): Promise<PublicPageView> {
    return this.registry.change(principal, communityId, async (tx) => {
      const row = await this.pageRow(tx);
      if (row === undefined)
        throw new JoiningException('PUBLIC_PAGE_NOT_FOUND', 'The community has no public page yet; PUT one');
      return pageView(row);
    });
  }

  async putPage(principal: Principal, communityId: string, input: PublicPageDto): Promise<PublicPageView> {
    return this.registry.change(principal, communityId, async (tx, access) => {
      const before = await this.pageRow(tx);
      const price = pricePerKwhFromText(input.supplierPricePerKwh);
      await mappingDatabaseErrors(
        () =>
          tx.query(
            `INSERT INTO community_public_pages (community_id, slug, published, description, sources, conditions, supplier_price_per_mwh)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (community_id) DO UPDATE SET slug = $2, published = $3, description = $4, sources = $5,
               conditions = $6, supplier_price_per_mwh = $7, updated_at = now()`,
            [
              tx.communityId,
              input.slug,
              input.published,
              input.description,
              input.sources,
              input.conditions,
              price,
            ],
          ),
        (info) =>
          info.code === PG_UNIQUE_VIOLATION
            ? new JoiningException(
                'PUBLIC_SLUG_TAKEN',
                `The address /join/${input.slug} is taken; choose another slug`,
              )
            : undefined,
      );
      const after = pageView((await this.pageRow(tx)) as PageRow);
      await this.registry.record(tx, access, {
        action: before === undefined ? 'create' : 'update',
        entity: 'public-page',
        entityId: tx.communityId,
        ...(before !== undefined ? { before: pageView(before) } : {}),
        after,
      });
      return after;
    });
  }

  // ---- public -------------------------------------------------------------------------------------------------

  async publicCommunity(slug: string, now = Date.now()): Promise<PublicCommunityView> {
    return this.inPublished(slug, async (tx, page) => {
      const [community] = await tx.query<{ name: string; type: string }>(
        `SELECT name, type FROM communities`,
      );
      const generation = await tx.query<{ kind: string; installed_kw: string }>(
        `SELECT kind, installed_kw::text FROM generation_sources ORDER BY kind, installed_kw DESC`,
      );
      return {
        slug: page.slug,
        name: community?.name ?? '',
        type: community?.type ?? '',
        description: page.description,
        sources: page.sources,
        conditions: page.conditions,
        supplierPricePerKwh: formatPricePerKwhNumber(Number(page.supplier_price_per_mwh)),
        generation: generation.map((row) => ({ kind: row.kind, installedKw: Number(row.installed_kw) })),
        formToken: this.formToken(page.slug, now),
      };
    });
  }

  async estimate(slug: string, input: EstimateDto): Promise<EstimateResponse> {
    return this.inPublished(slug, (tx, page) =>
      this.estimates.estimate(tx, input, Number(page.supplier_price_per_mwh)),
    );
  }

  /** A join request: checked, estimated, stored unconfirmed; the confirmation link goes by mail. */
  async submit(
    slug: string,
    input: JoinRequestDto,
    clientAddress: string,
    language: MailLanguage,
    now = Date.now(),
  ): Promise<JoinRequestSentView> {
    this.checkForm(slug, input, now);
    if (!input.consentDataProcessing || !input.consentEdcMandate) {
      throw new JoiningException(
        'JOIN_CONSENT_MISSING',
        'A join request needs consent to the processing of personal data (consentDataProcessing) and the EDC mandate (consentEdcMandate)',
      );
    }
    const eans = [...new Set(input.eans.map((ean) => ean.trim()))];
    const bad = eans.flatMap((ean) => {
      const problem = eanProblem(ean);
      return problem === undefined ? [] : [describeEanProblem(ean, problem)];
    });
    if (bad.length > 0) throw new JoiningException('JOIN_FORM_INVALID', `eans: ${bad.join('; ')}`);
    const email = input.email.trim().toLowerCase();
    const clientHash = this.sign(`client|${clientAddress}`);
    const { id, communityId, communityName, estimate } = await this.inPublished(slug, async (tx, page) => {
      await this.checkLimits(tx, email, clientHash);
      const estimate = await this.estimates.estimate(tx, input, Number(page.supplier_price_per_mwh));
      const consents = [
        { kind: 'data-processing', granted: input.consentDataProcessing },
        { kind: 'edc-mandate', granted: input.consentEdcMandate },
        { kind: 'email', granted: input.consentEmail },
      ].map((consent) => ({
        ...consent,
        version: CURRENT_TERMS_VERSIONS[consent.kind as keyof typeof CURRENT_TERMS_VERSIONS],
      }));
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO join_requests (community_id, name, email, phone, address, kind, eans, yearly_consumption, estimate,
           consents, message, language, client_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9::jsonb, $10::jsonb, $11, $12, $13) RETURNING id`,
        [
          tx.communityId,
          input.name.trim(),
          email,
          input.phone?.trim() || null,
          input.address.trim(),
          input.kind,
          eans,
          Math.round(estimate.yearlyConsumptionKwh * 100),
          JSON.stringify(estimate),
          JSON.stringify(consents),
          input.message?.trim() || null,
          language,
          clientHash,
        ],
      );
      const [community] = await tx.query<{ name: string }>(`SELECT name FROM communities`);
      return {
        id: (row as { id: string }).id,
        communityId: tx.communityId,
        communityName: community?.name ?? '',
        estimate,
      };
    });
    const expires = now + CONFIRMATION_LIFETIME_HOURS * 3600 * 1000;
    const payload = `${communityId}.${id}.${expires}`;
    const link = joinConfirmLink(this.config.PUBLIC_URL, `${payload}.${this.sign(`confirm|${payload}`)}`);
    // the worker sends it (the `mail` queue, with retries): the answer does not wait for the mail server
    await this.outbox.enqueue('join-confirmation', id, {
      to: email,
      ...joinConfirmationMail(language, { communityName, link, validHours: CONFIRMATION_LIFETIME_HOURS }),
    });
    return { email, estimate };
  }

  /** The confirmation link: the request becomes visible to the administrators. Following it twice is fine. */
  async confirm(token: string, now = Date.now()): Promise<{ communityName: string }> {
    const parts = token.split('.');
    const [communityId, requestId, expires, signature] = parts;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    if (
      parts.length !== 4 ||
      !uuid.test(communityId ?? '') ||
      !uuid.test(requestId ?? '') ||
      !/^\d{1,15}$/.test(expires ?? '') ||
      !this.verify(`confirm|${communityId}.${requestId}.${expires}`, signature ?? '')
    ) {
      throw new JoiningException(
        'JOIN_TOKEN_INVALID',
        'The confirmation link is not valid; copy the whole link from the mail',
      );
    }
    if (Number(expires) < now) {
      throw new JoiningException(
        'JOIN_TOKEN_INVALID',
        `The confirmation link expired (it works for ${CONFIRMATION_LIFETIME_HOURS} hours); send the request again`,
      );
    }
    return this.db.run(communityId as string, async (tx) => {
      await tx.query(
        `UPDATE join_requests SET status = 'confirmed', confirmed_at = now() WHERE id = $1 AND status = 'unconfirmed'`,
        [requestId],
      );
      const rows = await tx.query<{ status: JoinRequestStatus }>(
        `SELECT status FROM join_requests WHERE id = $1`,
        [requestId],
      );
      if (rows.length === 0)
        throw new JoiningException('JOIN_TOKEN_INVALID', 'The request of this link no longer exists');
      const [community] = await tx.query<{ name: string }>(`SELECT name FROM communities`);
      return { communityName: community?.name ?? '' };
    });
  }

  // ---- the administrator's review -------------------------------------------------------------------------------

  async list(
    principal: Principal,
    communityId: string,
    status: JoinRequestStatus | undefined,
  ): Promise<JoinRequestView[]> {
    return this.registry.change(principal, communityId, async (tx) => {
      // Unconfirmed requests are not the administrator's business until the sender confirms the address.
      const rows = await tx.query<RequestRow>(
        `SELECT ${REQUEST_COLUMNS} FROM join_requests
          WHERE status <> 'unconfirmed' AND ($1::text IS NULL OR status = $1)
          ORDER BY created_at DESC, id`,
        [status ?? null],
      );
      return rows.map(requestView);
    });
  }

  /** Accepts a confirmed request: the member, its consumption points, its consents and its invitation at once. */
  async accept(
    principal: Principal,
    communityId: string,
    requestId: string,
    input: AcceptJoinRequestDto,
  ): Promise<JoinRequestView> {
    const { view, invitation, communityName, language } = await this.registry.change(
      principal,
      communityId,
      async (tx, access) => {
        const request = await this.decidable(tx, requestId);
        const validFrom = input.validFrom ?? pragueToday();
        const group = await tx.store(SharingGroupStore).resolve(input.sharingGroupId);
        if ('code' in group) throw new JoiningException('SHARING_GROUP_NOT_FOUND', group.message);
        const member = await this.members.register(tx, access, {
          name: request.name,
          kind: MEMBER_KIND[request.kind],
          email: request.email,
          ...(request.phone !== null ? { phone: request.phone } : {}),
          address: request.address,
          joinedOn: validFrom,
        });
        for (const ean of request.eans) {
          await this.points.register(
            tx,
            access,
            { ean, role: 'consumption', memberId: member.id, validFrom, sharingGroupId: group.id },
            'create',
          );
        }
        await this.recordConsents(tx, access, member.id, request);
        const invitation = await this.invitations.issue(tx.manager, tx.communityId, access.userId, {
          email: request.email,
          role: 'member',
          memberId: member.id,
        });
        await tx.query(
          `UPDATE join_requests SET status = 'accepted', decided_at = now(), decided_by = $2, member_id = $3
            WHERE id = $1`,
          [requestId, access.userId, member.id],
        );
        const view = requestView(await this.requestRow(tx, requestId));
        await this.registry.record(tx, access, {
          action: 'accept',
          entity: 'join-request',
          entityId: requestId,
          after: { status: view.status, memberId: member.id, eans: view.eans },
        });
        return { view, invitation, communityName: access.community.name, language: request.language };
      },
    );
    await this.stale.request(communityId);
    await this.invitations.send(communityId, communityName, invitation.view, invitation.secret, language);
    return view;
  }

  async decline(
    principal: Principal,
    communityId: string,
    requestId: string,
    reason: string,
  ): Promise<JoinRequestView> {
    const { view, communityName, language } = await this.registry.change(
      principal,
      communityId,
      async (tx, access) => {
        const request = await this.decidable(tx, requestId);
        await tx.query(
          `UPDATE join_requests SET status = 'declined', decided_at = now(), decided_by = $2, decline_reason = $3
            WHERE id = $1`,
          [requestId, access.userId, reason.trim()],
        );
        const view = requestView(await this.requestRow(tx, requestId));
        await this.registry.record(tx, access, {
          action: 'update',
          entity: 'join-request',
          entityId: requestId,
          before: { status: request.status },
          after: { status: view.status, declineReason: view.declineReason },
        });
        return { view, communityName: access.community.name, language: request.language };
      },
    );
    await this.outbox.enqueue('join-declined', requestId, {
      to: view.email,
      ...joinDeclinedMail(language, { communityName, reason: view.declineReason ?? '' }),
    });
    return view;
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private async pageRow(tx: TenantTransaction): Promise<PageRow | undefined> {
    const [row] = await tx.query<PageRow>(
      `SELECT community_id, slug, published, description, sources, conditions, supplier_price_per_mwh::text, updated_at
         FROM community_public_pages`,
    );
    return row;
  }

  /** Work in the tenant of a published page; an unknown or unpublished slug is 404, like a page never made. */
  private async inPublished<T>(
    slug: string,
    work: (tx: TenantTransaction, page: PageRow) => Promise<T>,
  ): Promise<T> {
    const communityId = /^[a-z0-9-]{3,60}$/.test(slug)
      ? await this.crossTenant.publishedCommunity(slug)
      : undefined;
    if (communityId === undefined)
      throw new JoiningException('PUBLIC_PAGE_NOT_FOUND', `No community publishes the page /join/${slug}`);
    return this.db.run(communityId, async (tx) => {
      const page = await this.pageRow(tx);
      if (page === undefined || !page.published || page.slug !== slug)
        throw new JoiningException('PUBLIC_PAGE_NOT_FOUND', `No community publishes the page /join/${slug}`);
      return work(tx, page);
    });
  }

  private formToken(slug: string, now: number): string {
    return `${now}.${this.sign(`form|${slug}|${now}`)}`;
  }

  /** The honeypot and the minimum fill time, both answered alike so a robot learns nothing from the answer. */
  private checkForm(slug: string, input: JoinRequestDto, now: number): void {
    const [issuedText = '', signature = ''] = input.formToken.split('.');
    const issued = Number(issuedText);
    const signed = /^\d{1,15}$/.test(issuedText) && this.verify(`form|${slug}|${issuedText}`, signature);
    if (!signed || now - issued > FORM_TOKEN_LIFETIME_MS) {
      throw new JoiningException(
        'JOIN_FORM_INVALID',
        'The form expired or was not opened on this page; reload the page and send it again',
      );
    }
    if ((input.website ?? '') !== '' || now - issued < MIN_FILL_MS) {
      throw new JoiningException(
        'JOIN_REQUEST_REFUSED',
        'The request was not accepted; wait a moment and send it again',
      );
    }
  }

  private async checkLimits(tx: TenantTransaction, email: string, clientHash: string): Promise<void> {
    const [counts] = await tx.query<{ by_email: number; by_client: number }>(
      `SELECT count(*) FILTER (WHERE email = $1 AND created_at > now() - interval '1 day')::int AS by_email,
              count(*) FILTER (WHERE client_hash = $2 AND created_at > now() - interval '1 hour')::int AS by_client
         FROM join_requests WHERE email = $1 OR client_hash = $2`,
      [email, clientHash],
    );
    if ((counts?.by_email ?? 0) >= EMAIL_REQUEST_LIMIT) {
      throw new JoiningException(
        'JOIN_TOO_MANY_REQUESTS',
        `This e-mail address sent ${EMAIL_REQUEST_LIMIT} requests to this community today; confirm one of them or wait a day`,
        { limit: 'email' },
      );
    }
    if ((counts?.by_client ?? 0) >= CLIENT_REQUEST_LIMIT) {
      throw new JoiningException(
        'JOIN_TOO_MANY_REQUESTS',
        `Too many requests from this address in the last hour (${CLIENT_REQUEST_LIMIT}); wait an hour`,
        { limit: 'address' },
      );
    }
  }

  private async requestRow(tx: TenantTransaction, requestId: string): Promise<RequestRow> {
    const [row] = await tx.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM join_requests WHERE id = $1`, [
      requestId,
    ]);
    if (row === undefined) throw new JoiningException('JOIN_REQUEST_NOT_FOUND', 'No such join request');
    return row;
  }

  private async decidable(tx: TenantTransaction, requestId: string): Promise<RequestRow> {
    const [row] = await tx.query<RequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM join_requests WHERE id = $1 FOR UPDATE`,
      [requestId],
    );
    if (row === undefined) throw new JoiningException('JOIN_REQUEST_NOT_FOUND', 'No such join request');
    if (row.status === 'unconfirmed')
      throw new JoiningException(
        'JOIN_REQUEST_UNCONFIRMED',
        'The sender has not confirmed the e-mail address of this request yet',
      );
    if (row.status !== 'confirmed')
      throw new JoiningException('JOIN_REQUEST_DECIDED', `The request is already ${row.status}`);
    return row;
  }

  /** The request's consents, given when its sender confirmed the address, as the member's (`consents`). */
  private async recordConsents(
    tx: TenantTransaction,
    access: Access,
    memberId: string,
    request: RequestRow,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO consents (community_id, member_id, kind, version, granted, given_at, source, recorded_by)
       SELECT $1, $2, c.kind, c.version, c.granted, $4, 'join-request', $5
         FROM jsonb_to_recordset($3::jsonb) AS c(kind text, version text, granted boolean)`,
      [tx.communityId, memberId, JSON.stringify(request.consents), request.confirmed_at, access.userId],
    );
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.config.JWT_REFRESH_SECRET).update(`join|${payload}`).digest('base64url');
  }

  private verify(payload: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

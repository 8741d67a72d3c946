import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * The public "does joining pay?" page and join requests (issue 23 item 1, docs/joining.md).
 *
 * `community_public_pages` holds what a community publishes (one row per community, shown only while
 * `published`). Its slug must be unique across communities, which a tenant table cannot check: `public_slugs`
 * is a global table the application cannot read, kept by a trigger (as `ean_claims` is), and
 * `published_community(slug)` (SECURITY DEFINER) answers the community id of a published slug and nothing else.
 *
 * `join_requests` holds a prospective member's request: the estimate it was shown, the consents it gave, and its
 * state (unconfirmed until the e-mail link is followed, then confirmed, then accepted or declined with a reason).
 * `client_hash` is an HMAC of the sender's address, enough to rate-limit by address without storing it.
 */
export class OpenCommunitiesToJoinRequests1797200000000 implements MigrationInterface {
  name = 'OpenCommunitiesToJoinRequests1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE community_public_pages (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$'),
        published boolean NOT NULL DEFAULT false,
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
        sources text NOT NULL DEFAULT '' CHECK (length(sources) <= 4000),
        conditions text NOT NULL DEFAULT '' CHECK (length(conditions) <= 4000),
        supplier_price_per_mwh bigint NOT NULL CHECK (supplier_price_per_mwh BETWEEN 0 AND 100000000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id),
        UNIQUE (community_id, slug)
      )`,
      ...tenantSecuritySql('community_public_pages'),
      `CREATE TABLE public_slugs (
        slug text PRIMARY KEY,
        community_id uuid NOT NULL UNIQUE,
        published boolean NOT NULL
      )`,
      `REVOKE ALL ON public_slugs FROM sdilna_app`,
      `CREATE FUNCTION sync_public_slug() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DELETE FROM public_slugs WHERE community_id = OLD.community_id;
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO public_slugs (slug, community_id, published) VALUES (NEW.slug, NEW.community_id, NEW.published);
          END IF;
          RETURN NULL;
        END $$`,
      `REVOKE ALL ON FUNCTION sync_public_slug() FROM PUBLIC`,
      `CREATE TRIGGER community_public_pages_slug AFTER INSERT OR UPDATE OR DELETE ON community_public_pages
        FOR EACH ROW EXECUTE FUNCTION sync_public_slug()`,
      `CREATE FUNCTION published_community(p_slug text) RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          SELECT community_id FROM public_slugs WHERE slug = p_slug AND published
        $$`,
      `REVOKE ALL ON FUNCTION published_community(text) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION published_community(text) TO sdilna_app`,

      `CREATE TABLE join_requests (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%' AND length(email) <= 254),
        phone text CHECK (length(phone) <= 40),
        address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
        kind text NOT NULL CHECK (kind IN ('household', 'housing-association', 'sme', 'municipality')),
        eans text[] NOT NULL CHECK (cardinality(eans) BETWEEN 1 AND 10),
        yearly_consumption bigint NOT NULL CHECK (yearly_consumption > 0),
        estimate jsonb NOT NULL CHECK (jsonb_typeof(estimate) = 'object'),
        consents jsonb NOT NULL CHECK (jsonb_typeof(consents) = 'array'),
        message text CHECK (length(message) <= 2000),
        language text NOT NULL CHECK (language IN ('cs', 'en')),
        status text NOT NULL DEFAULT 'unconfirmed'
          CHECK (status IN ('unconfirmed', 'confirmed', 'accepted', 'declined')),
        client_hash text NOT NULL CHECK (length(client_hash) <= 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        decided_at timestamptz,
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decline_reason text CHECK (length(decline_reason) BETWEEN 1 AND 2000),
        member_id uuid,
        PRIMARY KEY (community_id, id),
        FOREIGN KEY (community_id, member_id) REFERENCES members (community_id, id) ON DELETE SET NULL (member_id),
        CHECK ((status = 'unconfirmed') = (confirmed_at IS NULL)),
        CHECK ((status IN ('accepted', 'declined')) = (decided_at IS NOT NULL)),
        CHECK ((status = 'declined') = (decline_reason IS NOT NULL))
      )`,
      `CREATE INDEX join_requests_status_idx ON join_requests (community_id, status, created_at)`,
      `CREATE INDEX join_requests_email_idx ON join_requests (community_id, email, created_at)`,
      `CREATE INDEX join_requests_client_idx ON join_requests (community_id, client_hash, created_at)`,
      ...tenantSecuritySql('join_requests'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP TABLE IF EXISTS join_requests`,
      `DROP FUNCTION IF EXISTS published_community(text)`,
      `DROP TABLE IF EXISTS community_public_pages`,
      `DROP FUNCTION IF EXISTS sync_public_slug()`,
      `DROP TABLE IF EXISTS public_slugs`,
    ])
      await queryRunner.query(statement);
  }
}

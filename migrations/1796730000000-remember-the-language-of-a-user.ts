import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language a person uses Sdílna in (issue 18: mails in the recipient's language). Set from the portal's
 * language when they sign up, accept an invitation or sign in; the worker's mails (a draft settlement waits, the
 * EDC connector fails) are written in it. Czech unless the person used the English portal.
 */
export class RememberTheLanguageOfAUser1796730000000 implements MigrationInterface {
  name = 'RememberTheLanguageOfAUser1796730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT 'cs'
         CONSTRAINT users_language_check CHECK (language IN ('cs', 'en'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users DROP COLUMN language`);
  }
}

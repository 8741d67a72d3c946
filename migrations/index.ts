import { CreateApplicationRole1795400000000 } from './1795400000000-create-application-role';

/** Every migration, oldest first. A migration is never edited after it lands; add a new one instead. */
export const MIGRATIONS = [CreateApplicationRole1795400000000];

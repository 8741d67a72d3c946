export interface DemoLogin {
  email: string;
  password: string;
}

/**
 * Fills the demo with data through the public API, as a newcomer would. The registry (signup) arrives with
 * the identity work; until then there is nothing to seed and no login to print.
 */
export async function seedDemo(_apiUrl: string): Promise<DemoLogin | undefined> {
  return undefined;
}

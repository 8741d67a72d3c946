/**
 * The fields a PATCH body actually carries. DTO classes compiled with define semantics own every declared field,
 * even absent ones (as undefined), and spreading those would erase stored values.
 */
export function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

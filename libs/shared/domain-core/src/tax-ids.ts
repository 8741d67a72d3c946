/** Czech company id (IČO): 8 digits, the last one a mod-11 check digit over weights 8..2. */
export function isValidIco(text: string): boolean {
  if (!/^\d{8}$/.test(text)) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (text.charCodeAt(i) - 48) * (8 - i);
  const check = (11 - (sum % 11)) % 10;
  return text.charCodeAt(7) - 48 === check;
}

export type DicProblem = 'not-cz-digits' | 'bad-ico-check-digit';

/**
 * Why a text is not a Czech DIČ, or `undefined` when it is one: `CZ` and 8 to 10 digits. Eight digits are a legal
 * person's IČO and carry its mod-11 check digit; 9 and 10 digits (a natural person's birth number, or a number the
 * tax office assigned) are taken as they are.
 */
export function dicProblem(text: string): DicProblem | undefined {
  if (!/^CZ\d{8,10}$/.test(text)) return 'not-cz-digits';
  if (text.length === 10 && !isValidIco(text.slice(2))) return 'bad-ico-check-digit';
  return undefined;
}

export function isValidDic(text: string): boolean {
  return dicProblem(text) === undefined;
}

/** A sentence for error messages. */
export function describeDicProblem(text: string, problem: DicProblem): string {
  return problem === 'not-cz-digits'
    ? `DIČ ${JSON.stringify(text)} is not CZ followed by 8 to 10 digits`
    : `DIČ ${text} names the IČO ${text.slice(2)}, whose check digit is wrong`;
}

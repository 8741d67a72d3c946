import { formatLocalMoney, formatLocalNumber, formatLocalPercent } from './numbers';

describe('numbers, money and shares in the UI language', () => {
  it('writes a kWh figure with the language separators', () => {
    expect(formatLocalNumber(1234.5, 'cs', 2, 2)).toBe('1 234,50');
    expect(formatLocalNumber(1234.5, 'en', 2, 2)).toBe('1,234.50');
    expect(formatLocalNumber(undefined, 'cs')).toBe('');
  });

  it('writes money as the documents do: Kč after the amount in Czech, the code before it in English', () => {
    expect(formatLocalMoney('5126.58', 'CZK', 'cs')).toBe('5 126,58 Kč');
    expect(formatLocalMoney(5126.58, 'CZK', 'en')).toBe('CZK 5,126.58');
    expect(formatLocalMoney('-0.5', 'CZK', 'cs')).toBe('-0,50 Kč');
    expect(formatLocalMoney('not a number', 'CZK', 'cs')).toBe('');
  });

  it('writes a share as a percentage, with a space before % only in Czech', () => {
    expect(formatLocalPercent(0.455, 'cs', 1)).toBe('45,5 %');
    expect(formatLocalPercent(0.455, 'en', 1)).toBe('45.5%');
    expect(formatLocalPercent(1, 'en')).toBe('100%');
    expect(formatLocalPercent(undefined, 'cs')).toBe('');
  });
});

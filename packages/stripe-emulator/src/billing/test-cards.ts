import type { CardBehaviour } from '../store/database.ts';
import { cardError } from '../server/errors.ts';

interface TestCard {
  number: string;
  brand: string;
  behaviour: CardBehaviour;
}

/** Stripe's test card numbers and the payment-method ids that stand for them. */
const CARDS: Record<string, TestCard> = {
  '4242424242424242': { number: '4242424242424242', brand: 'visa', behaviour: 'succeed' },
  '4000056655665556': { number: '4000056655665556', brand: 'visa', behaviour: 'succeed' },
  '5555555555554444': { number: '5555555555554444', brand: 'mastercard', behaviour: 'succeed' },
  '378282246310005': { number: '378282246310005', brand: 'amex', behaviour: 'succeed' },
  '4000000000000002': { number: '4000000000000002', brand: 'visa', behaviour: 'decline' },
  '4000000000009995': { number: '4000000000009995', brand: 'visa', behaviour: 'insufficient_funds' },
  '4000000000000341': { number: '4000000000000341', brand: 'visa', behaviour: 'fail_after_attach' },
  '4000002500003155': { number: '4000002500003155', brand: 'visa', behaviour: 'require_3ds' },
  '4000002760003184': { number: '4000002760003184', brand: 'visa', behaviour: 'require_3ds' },
};

export const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_authenticationRequired: '4000002500003155',
  pm_card_threeDSecure2Required: '4000002500003155',
  tok_visa: '4242424242424242',
  tok_chargeDeclined: '4000000000000002',
};

function passesLuhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function brandOf(number: string): string {
  if (number.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(number) || /^2[2-7]/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^6(011|5)/.test(number)) return 'discover';
  return 'unknown';
}

/** Decide what a card number does; numbers that fail the Luhn check are refused as Stripe does. */
export function lookupCard(rawNumber: string, param = 'card[number]'): TestCard {
  const number = rawNumber.replace(/[\s-]/g, '');
  const known = CARDS[number];
  if (known) return known;
  if (!/^\d{12,19}$/.test(number) || !passesLuhn(number)) {
    throw cardError('Your card number is incorrect.', 'incorrect_number', undefined, { param });
  }
  return { number, brand: brandOf(number), behaviour: 'succeed' };
}

export function checkExpiry(month: number, year: number, now: number): void {
  const fullYear = year < 100 ? 2000 + year : year;
  if (month < 1 || month > 12)
    throw cardError("Your card's expiration month is invalid.", 'invalid_expiry_month', undefined, {
      param: 'exp_month',
    });
  const expiry = Date.UTC(fullYear, month, 1) / 1000;
  if (expiry <= now)
    throw cardError("Your card's expiration year is invalid.", 'invalid_expiry_year', undefined, {
      param: 'exp_year',
    });
}

export interface Decline {
  code: string;
  declineCode: string;
  message: string;
}

/** What a charge attempt gives for a card's behaviour; `null` means it succeeds. */
export function declineFor(behaviour: CardBehaviour, afterAttach: boolean): Decline | null {
  switch (behaviour) {
    case 'decline':
      return { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' };
    case 'insufficient_funds':
      return {
        code: 'card_declined',
        declineCode: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      };
    case 'fail_after_attach':
      return afterAttach
        ? { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' }
        : null;
    default:
      return null;
  }
}

import { describe, expect, it } from 'vitest';
import { composeReminderLetter, type ReminderLetterInput } from './reminder-letter.ts';

const base: ReminderLetterInput = {
  customerName: 'Acme',
  subject: { kind: 'account' },
  lastDay: '2027-01-31',
  daysLeft: 7,
  publicUrl: 'https://licenses.vendor.test/',
};

describe('expiry reminder letters', () => {
  it('say what lapses, when, in how many days, what happens then and what to do, in both parts', () => {
    const letter = composeReminderLetter({
      ...base,
      subject: { kind: 'olf-due', siteName: 'Plant 1', siteGuid: '5c1b0000-0000-4000-8000-000000000001', tenant: 'default' },
      daysLeft: 1,
      unsubscribeUrl: 'https://licenses.vendor.test/reminders/unsubscribe?token=abc.def',
    });
    expect(letter.subject).toBe('Reminder: the offline license of site Plant 1, tenant default ends on 2027-01-31');
    expect(letter.text).toContain('The offline license of site Plant 1, tenant default ends on 2027-01-31 (UTC), in 1 day.');
    expect(letter.text).toContain('  Site GUID: 5c1b0000-0000-4000-8000-000000000001');
    expect(letter.text).toContain('1. On the site, generate a License File Request (LFR) for the tenant from its license page.');
    expect(letter.text).toContain('2. Upload the LFR in the customer portal (https://licenses.vendor.test/portal/lfrs/new)');
    expect(letter.text).toContain('To stop reminders of this kind, open https://licenses.vendor.test/reminders/unsubscribe?token=abc.def');
    expect(letter.html).toContain(
      '<li>Upload the LFR in the customer portal (https://licenses.vendor.test/portal/lfrs/new); the vendor answers it with a new OLF.</li>',
    );
    expect(letter.html).toContain('<a href="https://licenses.vendor.test/reminders/unsubscribe?token=abc.def">Stop reminders of this kind</a>');
  });

  it('tell an account and a device license apart, each with its own steps', () => {
    const account = composeReminderLetter(base);
    expect(account.subject).toBe('Reminder: your account ends on 2027-01-31');
    expect(account.text).toContain('Your account ends on 2027-01-31 (UTC), in 7 days.');
    expect(account.text).toContain('1. Contact the vendor to renew the account before it ends.');
    // Without an unsubscribe link: the portal's page, by its address.
    expect(account.text).toContain(
      'To stop reminders of this kind, sign in to the customer portal (https://licenses.vendor.test/portal/reminders) and open E-mail reminders.',
    );
    const device = composeReminderLetter({
      ...base,
      subject: { kind: 'device-license', licenseId: 'lic-1', productName: 'Studio', keyHint: 'Q7ZK' },
      daysLeft: 30,
    });
    expect(device.subject).toBe('Reminder: your device license for Studio ends on 2027-01-31');
    expect(device.text).toContain('  License key ending in Q7ZK');
    expect(device.text).toContain('through the device portal (https://licenses.vendor.test/devices/refresh)');
  });

  it('carry the brand and escape everything from outside in the HTML part', () => {
    const letter = composeReminderLetter({
      ...base,
      customerName: 'Acme & <Sons>',
      brand: { name: 'Vendor "Pro"', primaryColour: '#aa3300', supportEmail: 'help@vendor.test' },
    });
    expect(letter.html).toContain('<p>Hello Acme &amp; &lt;Sons&gt;,</p>');
    expect(letter.html).toContain('background: #aa3300');
    expect(letter.html).toContain('Vendor &quot;Pro&quot;');
    expect(letter.html).not.toContain('<Sons>');
    expect(letter.text).toContain('Questions? Write to help@vendor.test.');
    expect(letter.text).toContain('Vendor "Pro"');
    const unsafe = composeReminderLetter({ ...base, brand: { name: 'V', primaryColour: 'red;background:url(x)', supportEmail: null } });
    expect(unsafe.html).not.toContain('url(x)');
  });
});

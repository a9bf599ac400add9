// A Message-ID the platform fixes for a mail (the same on every try, so a resend is recognisable): `<local>@` the
// domain of the sender's address, or anquan.localhost when the sender names none.
export function messageIdOf(local: string, mailFrom: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? "anquan.localhost";
  return `${local}@${domain}`;
}

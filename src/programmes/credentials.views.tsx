import type { CredentialRecord } from './credentials.service.ts';
import { formatDay } from '../ui/dates.ts';

export function CertificatePage({
  record,
  valid,
  canRevoke,
  url,
}: {
  record: CredentialRecord;
  valid: boolean;
  canRevoke: boolean;
  url: string;
}) {
  const required = record.programme.things.filter((t) => t.required && t.published).length;
  return (
    <>
      <article class="certificate" aria-labelledby="certificate-title">
        <p class="certificate-kicker">Certificate of completion</p>
        <h1 id="certificate-title">{record.displayName}</h1>
        <p class="certificate-text">
          completed every required Thing ({required}) of <strong>{record.programme.title}</strong>
        </p>
        <p>Issued {formatDay(record.issuedAt)} by Commonplace</p>
        <p class={record.revokedAt ? 'status-bad' : valid ? 'status-good' : 'status-bad'}>
          {record.revokedAt
            ? `Revoked on ${formatDay(record.revokedAt)}: this certificate is no longer valid.`
            : valid
              ? 'Verified: the signature on this credential is valid.'
              : 'This credential’s signature does not verify.'}
        </p>
        <p class="certificate-url">{url}</p>
      </article>
      <div class="no-print">
        <p>
          <a href={`/credentials/${record.id}.json`} download={`certificate-${record.id}.json`}>
            Download the Open Badges 3.0 credential (JSON)
          </a>{' '}
          · <a href={`/api/v1/credentials/${record.id}/verification`}>Verification result (JSON)</a> · Print this page for a paper copy.
        </p>
        {canRevoke && !record.revokedAt && (
          <form method="post" action={`/credentials/${record.id}/revocation`}>
            <button type="submit" class="secondary">
              Revoke this certificate
            </button>
          </form>
        )}
      </div>
    </>
  );
}

import { DeathRegistration, DeathRegistrationAnnulled, type DataOf } from '@lienthong/contracts';
import { reply } from '@lienthong/saga-engine';
import { actStep, annulledReply } from '../../act-steps.ts';
import { deceasedOf, type DeathDossier } from '../death-dossier.ts';

/**
 * Step 1: the commune's civil-status officer registers the death from the death notice, the
 * deceased checked against the National Population Database; the signed death-certificate
 * extract is issued the same working day. A legal substitute for the hospital's notice is
 * checked by an officer, who may ask for more documents. Undone only by its annulment (a death
 * registered in error or by fraud), which the officer decides at the office.
 */
export const registerDeath = actStep<DeathDossier>(DeathRegistration, {
  id: 'death-registration',
  agency: 'civil-status',
  title: { vi: 'Đăng ký khai tử', en: 'Death registration' },
  after: [],
  command: ({ dossierId, input }) => {
    const { deceased, applicant } = input;
    return {
      dossierId,
      communeCode: input.communeCode,
      receivedAt: input.receivedAt,
      deceased: {
        ...deceasedOf(input),
        placeOfDeath: deceased.placeOfDeath,
        ...(deceased.causeOfDeath ? { causeOfDeath: deceased.causeOfDeath } : {}),
      },
      deathNotice: {
        kind: deceased.deathNoticeKind,
        number: deceased.deathNoticeNumber,
        issuedBy: deceased.deathNoticeIssuedBy,
      },
      applicant: {
        fullName: applicant.fullName,
        personalId: applicant.personalId,
        relationshipToDeceased: applicant.relationshipToDeceased,
      },
    } satisfies DataOf<typeof DeathRegistration.command>;
  },
  succeeded: (data) => {
    const { dossierId: _dossierId, ...registered } = data as DataOf<typeof DeathRegistration.succeeded>;
    return reply.succeeded(registered);
  },
  replies: { [DeathRegistrationAnnulled.type]: annulledReply },
  deadline: { workingDays: 0, basis: 'domain brief: death registration the same working day' },
  // Without a registered death nothing else can follow.
  onRefusal: 'refuse-dossier',
});

/** The death registration's result the later steps need. */
export function deathCertificateOf(
  results: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): string {
  const registration = results['death-registration'];
  if (typeof registration?.certificateNumber !== 'string') {
    throw new Error('this step follows the death registration and needs its certificate number');
  }
  return registration.certificateNumber;
}

import {
  BirthRegistration,
  BirthRegistrationAnnulled,
  PersonalIdAttached,
  type DataOf,
} from '@lienthong/contracts';
import { reply } from '@lienthong/saga-engine';
import { actStep, annulledReply } from '../../act-steps.ts';
import type { BirthDossier } from '../birth-dossier.ts';

/**
 * Step 1: the commune's civil-status officer registers the birth and obtains the child's
 * personal ID number from the National Population Database. Same working day. The ID may
 * come later: the registration stands without it (id_pending) and the next steps wait for it.
 * It is undone only by its annulment, which the officer decides at the office: the saga then
 * undoes everything that followed.
 */
export const registerBirth = actStep<BirthDossier>(BirthRegistration, {
  id: 'birth-registration',
  agency: 'civil-status',
  title: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
  after: [],
  command: ({ dossierId, input }) =>
    ({
      dossierId,
      communeCode: input.communeCode,
      receivedAt: input.receivedAt,
      child: input.child,
      mother: input.mother,
      ...(input.father ? { father: input.father } : {}),
    }) satisfies DataOf<typeof BirthRegistration.command>,
  succeeded: (data) => {
    const { dossierId: _dossierId, ...result } = data as DataOf<typeof BirthRegistration.succeeded>;
    return result.personalId ? reply.succeeded(result) : reply.progress('id_pending', result);
  },
  replies: {
    [PersonalIdAttached.type]: (data) => {
      const attached = data as DataOf<typeof PersonalIdAttached>;
      return reply.succeeded({ personalId: attached.personalId, extract: attached.extract });
    },
    [BirthRegistrationAnnulled.type]: annulledReply,
  },
  deadline: { workingDays: 0, basis: 'Decree 63/2024/NĐ-CP: birth registration the same working day' },
  // Without a registered birth nothing else can follow.
  onRefusal: 'refuse-dossier',
});

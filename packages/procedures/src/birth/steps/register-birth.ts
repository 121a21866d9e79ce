import {
  BirthRegistration,
  BirthRegistrationAnnulled,
  PersonalIdAttached,
  type DataOf,
} from '@lienthong/contracts';
import { reply, type StepDefinition } from '@lienthong/saga-engine';
import { AGENCY_REPLY_RETRY, actReplies, annulledReply, cancelVia, supplementVia } from '../../act-steps.ts';
import type { BirthDossier } from '../birth-dossier.ts';

/**
 * Step 1: the commune's civil-status officer registers the birth and obtains the child's
 * personal ID number from the National Population Database. Same working day. The ID may
 * come later: the registration stands without it (id_pending) and the next steps wait for it.
 * It is undone only by its annulment, which the officer decides at the office: the saga then
 * undoes everything that followed.
 */
export const registerBirth: StepDefinition<BirthDossier> = {
  id: 'birth-registration',
  service: 'birth-registration',
  agency: 'civil-status',
  title: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
  after: [],
  command: ({ dossierId, input }) => ({
    type: BirthRegistration.command.type,
    topic: BirthRegistration.command.topic,
    data: {
      dossierId,
      communeCode: input.communeCode,
      receivedAt: input.receivedAt,
      child: input.child,
      mother: input.mother,
      ...(input.father ? { father: input.father } : {}),
    } satisfies DataOf<typeof BirthRegistration.command>,
  }),
  replies: {
    ...actReplies(BirthRegistration, (data) => {
      const registered = data as DataOf<typeof BirthRegistration.succeeded>;
      const result = {
        certificateNumber: registered.certificateNumber,
        registeredAt: registered.registeredAt,
        personalId: registered.personalId,
        extract: registered.extract,
      };
      return registered.personalId ? reply.succeeded(result) : reply.progress('id_pending', result);
    }),
    [PersonalIdAttached.type]: (data) => {
      const attached = data as DataOf<typeof PersonalIdAttached>;
      return reply.succeeded({ personalId: attached.personalId, extract: attached.extract });
    },
    [BirthRegistrationAnnulled.type]: annulledReply,
  },
  retry: AGENCY_REPLY_RETRY,
  deadline: { workingDays: 0, basis: 'Decree 63/2024/NĐ-CP: birth registration the same working day' },
  // Without a registered birth nothing else can follow.
  onRefusal: 'refuse-dossier',
  cancel: cancelVia(BirthRegistration),
  supplement: supplementVia(BirthRegistration),
};

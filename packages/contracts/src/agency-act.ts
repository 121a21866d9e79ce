import { z } from 'zod';
import { defineMessage, type MessageDefinition } from './message-definition.ts';
import type { TopicName } from './topics.ts';
import { Instant, ProgressStatus, Reason } from './messages/common.ts';

/**
 * One agency act (register a birth, delete a permanent residence, decide a funeral benefit...)
 * and every message it speaks. Each act has the same conversation with the saga coordinator,
 * so only what is particular to the act is written by hand: its command, what it returns when
 * done and, when the law lets it be undone, how it is undone. The rest is derived from a stem
 * (`<area>.<stem>-progressed`, `-refused`, `-failed`, `cancel-<stem>`, `<stem>-cancelled`,
 * `submit-<stem>-supplement`, `<stem>-compensation-failed`), so every act reads the same way.
 *
 * | message                    | kind    | when                                                             |
 * | -------------------------- | ------- | ---------------------------------------------------------------- |
 * | `command`                  | command | the coordinator asks for the act                                 |
 * | `progressed`               | event   | the agency works on it (waits for an officer, for documents...)  |
 * | `succeeded`                | event   | the act is done                                                  |
 * | `refused`                  | event   | a business refusal, with its reason                              |
 * | `failed`                   | event   | a technical failure the agency gave up on                        |
 * | `cancel` → `cancelled`     | both    | the dossier was withdrawn or annulled before the act was decided |
 * | `supplement`               | command | the citizen sent the documents the agency asked for              |
 * | `compensate` → `compensated` / `compensationFailed` | both | the act is undone (annulment) |
 */
export interface AgencyAct<
  TCommand extends MessageDefinition = MessageDefinition,
  TSucceeded extends MessageDefinition = MessageDefinition,
  TCompensate extends MessageDefinition | undefined = MessageDefinition | undefined,
  TCompensated extends MessageDefinition | undefined = MessageDefinition | undefined,
> {
  /** Stable name of the act, e.g. `residence-registration`; an agency keeps one case per dossier and act. */
  readonly name: string;
  readonly command: TCommand;
  readonly progressed: MessageDefinition<string, typeof ProgressedSchema>;
  readonly succeeded: TSucceeded;
  readonly refused: MessageDefinition<string, typeof RefusedSchema>;
  /** May carry more members than `{ dossierId, reason }` (see `failedExtra`). */
  readonly failed: MessageDefinition<string, typeof FailedSchema>;
  readonly cancel: MessageDefinition<string, typeof CancelSchema>;
  readonly cancelled: MessageDefinition<string, typeof CancelledSchema>;
  readonly supplement: MessageDefinition<string, typeof SupplementSchema>;
  readonly compensate: TCompensate;
  readonly compensated: TCompensated;
  readonly compensationFailed: TCompensate extends MessageDefinition
    ? MessageDefinition<string, typeof FailedSchema>
    : undefined;
}

interface OwnMessage<TType extends string, TSchema extends z.ZodType> {
  readonly type: TType;
  readonly description: string;
  readonly schema: TSchema;
}

export interface AgencyActSpec<
  TCommandType extends string,
  TCommandSchema extends z.ZodType,
  TSucceededType extends string,
  TSucceededSchema extends z.ZodType,
  TCompensateType extends string,
  TCompensatedType extends string,
  TCompensatedSchema extends z.ZodType,
> {
  readonly name: string;
  /** `lienthong.<area>.`: the prefix of the derived types, e.g. `lienthong.residence.`. */
  readonly prefix: `lienthong.${string}.`;
  /** Stem of the derived types, e.g. `registration` → `lienthong.residence.registration-refused`. */
  readonly stem: string;
  /** What the act is, for the derived messages' descriptions, e.g. "the residence registration". */
  readonly what: string;
  readonly commandsTopic: TopicName;
  readonly eventsTopic: TopicName;
  readonly command: OwnMessage<TCommandType, TCommandSchema>;
  readonly succeeded: OwnMessage<TSucceededType, TSucceededSchema>;
  /** Extra members of the `failed` event (e.g. what was done before the failure). */
  readonly failedExtra?: z.ZodRawShape;
  readonly compensation?: {
    readonly command: { readonly type: TCompensateType; readonly description: string };
    readonly compensated: OwnMessage<TCompensatedType, TCompensatedSchema>;
  };
}

const DossierId = z.string().min(1).describe('The dossier id');

const ProgressedSchema = z.object({
  dossierId: DossierId,
  status: ProgressStatus,
  reason: Reason.optional().describe('Why it waits: what the officer checks, or what is missing'),
});
const RefusedSchema = z.object({ dossierId: DossierId, reason: Reason });
const FailedSchema = RefusedSchema;
const CancelSchema = z.object({ dossierId: DossierId, reason: Reason.describe('Why it is stopped') });
const CancelledSchema = z.object({ dossierId: DossierId, cancelledAt: Instant });

/** A document the citizen sends when an agency asks for more. */
export const SupplementDocument = z
  .object({
    kind: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .describe('What the document is, e.g. death-notice, household-head-consent'),
    reference: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .describe('Where the agency finds it: the portal’s document id or URL'),
    description: z.string().trim().min(1).max(500).optional().describe('Anything the citizen adds'),
  })
  .describe('A document sent as a supplement');
export type SupplementDocument = z.infer<typeof SupplementDocument>;

const SupplementSchema = z.object({
  dossierId: DossierId,
  documents: z.array(SupplementDocument).min(1).max(20),
  note: z.string().trim().min(1).max(2000).optional().describe('What the citizen says with them'),
  submittedAt: Instant,
});

/** Defines the messages of one agency act; see `AgencyAct`. */
export function defineAgencyAct<
  const TCommandType extends string,
  TCommandSchema extends z.ZodType,
  const TSucceededType extends string,
  TSucceededSchema extends z.ZodType,
  const TCompensateType extends string = never,
  const TCompensatedType extends string = never,
  TCompensatedSchema extends z.ZodType = z.ZodNever,
>(
  spec: AgencyActSpec<
    TCommandType,
    TCommandSchema,
    TSucceededType,
    TSucceededSchema,
    TCompensateType,
    TCompensatedType,
    TCompensatedSchema
  >,
): AgencyAct<
  MessageDefinition<TCommandType, TCommandSchema>,
  MessageDefinition<TSucceededType, TSucceededSchema>,
  [TCompensateType] extends [never] ? undefined : MessageDefinition<TCompensateType, CompensateSchema>,
  [TCompensatedType] extends [never] ? undefined : MessageDefinition<TCompensatedType, TCompensatedSchema>
> {
  const { prefix, stem, what } = spec;
  const event = <TSchema extends z.ZodType>(type: string, description: string, schema: TSchema) =>
    defineMessage({ type, version: 1, kind: 'event', topic: spec.eventsTopic, description, schema });
  const command = <TSchema extends z.ZodType>(type: string, description: string, schema: TSchema) =>
    defineMessage({ type, version: 1, kind: 'command', topic: spec.commandsTopic, description, schema });

  const compensate = spec.compensation
    ? command(spec.compensation.command.type, spec.compensation.command.description, CompensateSchema)
    : undefined;
  const act = {
    name: spec.name,
    command: command(spec.command.type, spec.command.description, spec.command.schema),
    progressed: event(
      `${prefix}${stem}-progressed`,
      `The agency is working on ${what}: waiting for an officer, or for documents it asked the citizen for.`,
      ProgressedSchema,
    ),
    succeeded: event(spec.succeeded.type, spec.succeeded.description, spec.succeeded.schema),
    refused: event(`${prefix}${stem}-refused`, `The agency refused ${what}, with its reason.`, RefusedSchema),
    failed: event(
      `${prefix}${stem}-failed`,
      `The agency could not finish ${what} for a technical reason it gave up retrying; an operator can retry.`,
      spec.failedExtra ? FailedSchema.extend(spec.failedExtra) : FailedSchema,
    ),
    cancel: command(
      `${prefix}cancel-${stem}`,
      `Stop ${what} before it is decided (the dossier was withdrawn or annulled, or a supplement ` +
        'never came). The agency answers `cancelled`, or repeats its decision if it had already decided.',
      CancelSchema,
    ),
    cancelled: event(
      `${prefix}${stem}-cancelled`,
      `The agency stopped ${what} undecided, as asked; its open work (officer tasks) is closed.`,
      CancelledSchema,
    ),
    supplement: command(
      `${prefix}submit-${stem}-supplement`,
      `The citizen sent the documents the agency asked for ${what}; the case goes back to its officer.`,
      SupplementSchema,
    ),
    compensate,
    compensated: spec.compensation
      ? event(
          spec.compensation.compensated.type,
          spec.compensation.compensated.description,
          spec.compensation.compensated.schema,
        )
      : undefined,
    compensationFailed: spec.compensation
      ? event(
          `${prefix}${stem}-compensation-failed`,
          `Undoing ${what} failed for a technical reason; the coordinator retries, then parks it for an operator.`,
          FailedSchema,
        )
      : undefined,
  };
  return act as unknown as AgencyAct<
    MessageDefinition<TCommandType, TCommandSchema>,
    MessageDefinition<TSucceededType, TSucceededSchema>,
    [TCompensateType] extends [never] ? undefined : MessageDefinition<TCompensateType, CompensateSchema>,
    [TCompensatedType] extends [never] ? undefined : MessageDefinition<TCompensatedType, TCompensatedSchema>
  >;
}

/** What every compensation command carries: the act is identified by the dossier. */
export const CompensateSchema = z.object({
  dossierId: DossierId,
  reason: Reason.describe('Why it is undone: the annulment’s reason'),
  annulledAt: Instant.describe('When the registration it followed from was annulled'),
  annulledBy: z.string().min(1).describe('Who annulled it (an officer’s subject)'),
});
type CompensateSchema = typeof CompensateSchema;
/** The data of every compensation command. */
export type CompensateData = z.infer<typeof CompensateSchema>;

/** Every message of an act, for registries and the JSON Schemas. */
export function actMessages(act: AgencyAct): MessageDefinition[] {
  return [
    act.command,
    act.cancel,
    act.supplement,
    ...(act.compensate ? [act.compensate] : []),
    act.progressed,
    act.succeeded,
    act.refused,
    act.failed,
    act.cancelled,
    ...(act.compensated ? [act.compensated] : []),
    ...(act.compensationFailed ? [act.compensationFailed] : []),
  ];
}

/** The commands an agency service consumes for these acts. */
export function actCommands(act: AgencyAct): MessageDefinition[] {
  return actMessages(act).filter((definition) => definition.kind === 'command');
}

/** The events an agency service emits for these acts. */
export function actEvents(act: AgencyAct): MessageDefinition[] {
  return actMessages(act).filter((definition) => definition.kind === 'event');
}

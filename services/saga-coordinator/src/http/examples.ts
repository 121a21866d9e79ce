// The ready-to-send examples under examples/dossiers/ double as the OpenAPI examples, so the
// documentation shows exactly what the examples folder ships.
import birth3in1 from '../../../../examples/dossiers/birth-3-in-1.json' with { type: 'json' };

export const BIRTH_3_IN_1_EXAMPLE = birth3in1;
import death4in1 from '../../../../examples/dossiers/death-4-in-1.json' with { type: 'json' };

export const DEATH_4_IN_1_EXAMPLE = death4in1;

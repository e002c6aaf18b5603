/** The levels of the jurisdiction tree (SPEC §2 属地): the city, a county-level government, a development zone. */
export const JURISDICTION_LEVELS = ['city', 'county', 'zone'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

/** How reports name a level: the city's own units are 市直. */
export const JURISDICTION_LEVEL_LABEL = {
  city: '市直',
  county: '县市区',
  zone: '管委会',
} satisfies Record<JurisdictionLevel, string>;

/** Messages of the intake pages: Chinese first; the English object has the same shape. */
export const intakeZh = {
  title: '受理台',
};

export const intakeEn: typeof intakeZh = {
  title: 'Intake',
};

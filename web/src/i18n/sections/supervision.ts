/** Messages of the supervision pages: Chinese first; the English object has the same shape. */
export const supervisionZh = {
  title: '督办中心',
};

export const supervisionEn: typeof supervisionZh = {
  title: 'Supervision',
};

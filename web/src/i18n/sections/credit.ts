/** Messages of the credit pages: Chinese first; the English object has the same shape. */
export const creditZh = {
  title: '信用记录',
};

export const creditEn: typeof creditZh = {
  title: 'Credit records',
};

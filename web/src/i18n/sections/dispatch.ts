/** Messages of the dispatch pages: Chinese first; the English object has the same shape. */
export const dispatchZh = {
  title: '调度',
};

export const dispatchEn: typeof dispatchZh = {
  title: 'Dispatch',
};

/** A label without its trailing unit or note in brackets: '被拖欠金额（元）' → '被拖欠金额'. */
export const bare = (label: string): string => label.replace(/\s*[（(][^（）()]*[）)]$/, '');

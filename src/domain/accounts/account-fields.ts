/**
 * The fields of an account and of an enterprise's registration, shared by the API and the forms:
 * the username rule, the mobile number and how a number is shown masked (个人信息保护法: shown
 * to those who need it, otherwise masked).
 */
import { z } from 'zod';

/** 3–32 lower-case letters, digits, dots, underscores or hyphens: typed the same on every keyboard. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;

export const usernameSchema = z
  .string()
  .trim()
  .regex(USERNAME_PATTERN, { error: '用户名应为3–32位小写字母、数字或 . _ -' });

/** A mainland mobile number (11 digits from 1) or a landline with its area code. */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

export const phoneSchema = z.string().trim().regex(PHONE_PATTERN, { error: '电话号码格式不正确：手机号为11位数字，座机请带区号' });

export const displayNameSchema = z.string().trim().min(2, { error: '请填写姓名（至少2个字）' }).max(50, { error: '姓名不能超过50个字' });

/** 13800000000 → 138****0000; a landline keeps its first three and last four digits (0710-3325678 → 071****5678). */
export const maskPhone = (phone: string): string => {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
};

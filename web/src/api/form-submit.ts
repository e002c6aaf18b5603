import type { FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError } from './client.ts';

/**
 * Submitting an antd form to the API: `sending` while the request runs, the server's field
 * errors shown next to their fields, and its message (or a network failure) as `error`.
 */
export const useFormSubmit = <Values extends object>(form: FormInstance<Values>, send: (values: Values) => Promise<void>) => {
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const submit = async (values: Values) => {
    setSending(true);
    setError(undefined);
    try {
      await send(values);
    } catch (caught) {
      if (caught instanceof ApiError) {
        // A nested field ("guide.phone") is a path in the form.
        const fields = Object.entries(caught.fieldErrors()).map(([name, text]) => ({ name: name.split('.'), errors: [text] }));
        if (fields.length > 0) form.setFields(fields as Parameters<FormInstance<Values>['setFields']>[0]);
        setError(caught.message);
      } else setError(String(caught));
    } finally {
      setSending(false);
    }
  };
  return { submit, sending, error };
};

import { Spin } from 'antd';
import { useEffect, useId, useState } from 'react';

/**
 * The case's flow, drawn by Mermaid from the diagram the engine renders from its own FLOW
 * table, with the current state lit. Mermaid is loaded only when a case page needs it.
 */
export const FlowDiagram = ({ source }: { source: string }) => {
  const id = `flow-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const [svg, setSvg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const { default: mermaid } = await import('mermaid');
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', fontFamily: "'Noto Sans CJK SC', sans-serif" });
        const { svg: rendered } = await mermaid.render(id, source);
        if (!cancelled) setSvg(rendered);
      } catch (caught) {
        if (!cancelled) setError(caught instanceof Error ? caught.message : String(caught));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [id, source]);
  if (error) return <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>{source}</pre>;
  if (svg === null) return <Spin />;
  return <div data-testid="flow-diagram" style={{ overflowX: 'auto' }} dangerouslySetInnerHTML={{ __html: svg }} />;
};

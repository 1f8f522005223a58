import { useEffect, useRef } from 'react';
import { useLocale } from '../app/i18n';
import { echarts, type EChartsCoreOption } from './echarts';

/**
 * One ECharts instance bound to a div: created on mount (again when the language changes, since
 * ECharts takes its locale at init), given each new option whole, resized with its box, disposed on unmount.
 */
export function EChart({ option, height = 280, testId }: { option: EChartsCoreOption; height?: number; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const { locale } = useLocale();

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas', locale: locale === 'en' ? 'EN' : 'ZH' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, locale]);

  return <div ref={box} data-testid={testId} style={{ width: '100%', height }} />;
}

// subset-font ships no types; the one call tierbot makes.
declare module 'subset-font' {
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype'; preserveNameIds?: number[] },
  ): Promise<Buffer>
}

// ECharts' per-chart installers (its typed entries load every chart type); each exports `install`.
declare module 'echarts/lib/chart/funnel/install.js' { export const install: import('echarts/core').EChartsExtensionInstaller }
declare module 'echarts/lib/chart/bar/install.js' { export const install: import('echarts/core').EChartsExtensionInstaller }
declare module 'echarts/lib/component/grid/installSimple.js' { export const install: import('echarts/core').EChartsExtensionInstaller }
declare module 'echarts/lib/component/graphic/install.js' { export const install: import('echarts/core').EChartsExtensionInstaller }
declare module 'echarts/lib/renderer/installSVGRenderer.js' { export const install: import('echarts/core').EChartsExtensionInstaller }

// Assessment charts (ECharts from the webjar). The data comes from data-chart attributes written by the
// server; the tables next to the charts carry the same figures for printing and for screen readers.
(function () {
  'use strict';
  if (typeof window.echarts === 'undefined') return;
  var STATUS_BLUE = '#0d6efd';

  function chartOf(el) {
    try { return JSON.parse(el.getAttribute('data-chart')); } catch (e) { return null; }
  }

  function categoryChart(el) {
    var data = chartOf(el);
    if (!data) return;
    var chart = window.echarts.init(el);
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '—' : v + ' 分'; } },
      xAxis: { type: 'value', max: 100, axisLabel: { fontSize: 13 } },
      yAxis: { type: 'category', inverse: true, data: data.categories, axisLabel: { fontSize: 14 } },
      series: [{
        type: 'bar', data: data.scores, barMaxWidth: 28, itemStyle: { color: STATUS_BLUE },
        label: { show: true, position: 'right', fontSize: 14, formatter: function (p) { return p.value == null ? '—' : p.value; } },
        markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#dc3545' },
          label: { formatter: '时序进度 ' + data.timeProgress + '%' }, data: [{ xAxis: data.timeProgress }] }
      }]
    });
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-rendered', 'true');
  }

  function indicatorChart(el) {
    var data = chartOf(el);
    if (!data) return;
    var chart = window.echarts.init(el);
    var unit = data.unit ? '（' + data.unit + '）' : '';
    chart.setOption({
      animation: false,
      legend: { top: 0, textStyle: { fontSize: 14 } },
      grid: { left: 8, right: 32, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', min: data.start, max: data.end, axisLabel: { fontSize: 13 } },
      yAxis: { type: 'value', name: unit, axisLabel: { fontSize: 13 } },
      series: [
        { name: '累计完成', type: 'line', data: data.actual, symbolSize: 8, lineStyle: { width: 3, color: STATUS_BLUE },
          itemStyle: { color: STATUS_BLUE } },
        { name: '序时目标', type: 'line', data: data.expected, symbol: 'none', lineStyle: { type: 'dashed', width: 2, color: '#6c757d' },
          itemStyle: { color: '#6c757d' } },
        { name: '预测', type: 'line', data: data.forecast, symbolSize: 6, lineStyle: { type: 'dotted', width: 3, color: '#fd7e14' },
          itemStyle: { color: '#fd7e14' } }
      ]
    });
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-rendered', 'true');
  }

  document.querySelectorAll('[data-category-chart]').forEach(categoryChart);
  document.querySelectorAll('[data-indicator-chart]').forEach(indicatorChart);
})();

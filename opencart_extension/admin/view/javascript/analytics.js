/*
 * Rebound: draws the Returns analytics page's charts with the bundled Chart.js (chartjs/chart.umd.min.js).
 * The configurations come from the page as JSON (<script type="application/json" id="rebound-charts">,
 * made by AnalyticsCharts in PHP); this file only adds what JSON cannot carry: the axis and tooltip labels
 * for percent, hours and counts. No inline code, no network: it works under a CSP of 'self'.
 */
(function () {
    'use strict';

    var data = document.getElementById('rebound-charts');

    if (!data) {
        return;
    }

    var charts = JSON.parse(data.textContent || '{}');
    var text = JSON.parse(data.getAttribute('data-text') || '{}');

    function formatter(format) {
        return function (value) {
            var number = Number(value);

            if (format === 'percent') {
                return (Math.round(number * 10) / 10) + ' %';
            }

            if (format === 'hours') {
                return (Math.round(number * 10) / 10) + ' ' + (text.hours || 'h');
            }

            if (format === 'days') {
                return (Math.round(number * 10) / 10) + ' ' + (text.days || 'd');
            }

            return Number.isInteger(number) ? number.toLocaleString() : '';
        };
    }

    function axisFormat(chart, axis) {
        return (chart.axes && chart.axes[axis]) || chart.format;
    }

    function prepare(chart) {
        var config = chart.config;
        var options = config.options || (config.options = {});
        var scales = options.scales || {};

        Object.keys(scales).forEach(function (axis) {
            // A horizontal bar chart carries its values on x.
            var valueAxis = options.indexAxis === 'y' ? 'x' : axis;

            if (options.indexAxis === 'y' && axis === 'y') {
                scales.x = scales.x || {beginAtZero: true};
                scales.x.ticks = {callback: formatter(chart.format)};
                delete scales.y.beginAtZero;
                return;
            }

            scales[valueAxis].ticks = scales[valueAxis].ticks || {};

            if (axis !== 'x') {
                scales[valueAxis].ticks.callback = formatter(axisFormat(chart, axis));
            }
        });

        options.plugins = options.plugins || {};
        options.plugins.tooltip = {
            callbacks: {
                label: function (context) {
                    var format = config.type === 'doughnut' ? 'count' : axisFormat(chart, context.dataset.yAxisID || (options.indexAxis === 'y' ? 'x' : 'y'));
                    var value = context.parsed !== null && typeof context.parsed === 'object' ? (options.indexAxis === 'y' ? context.parsed.x : context.parsed.y) : context.parsed;
                    var label = context.dataset.label || context.label || '';

                    return (label ? label + ': ' : '') + (format === 'count' ? Number(value).toLocaleString() : formatter(format)(value));
                }
            }
        };

        return config;
    }

    document.querySelectorAll('canvas[data-rebound-chart]').forEach(function (canvas) {
        var chart = charts[canvas.getAttribute('data-rebound-chart')];
        var box = canvas.parentNode;

        if (!chart) {
            return;
        }

        if (chart.empty) {
            box.innerHTML = '<p class="text-muted text-center my-5"></p>';
            box.firstChild.textContent = text.empty || 'No data for these filters.';
            return;
        }

        if (typeof window.Chart === 'undefined') {
            box.innerHTML = '<p class="text-danger text-center my-5"></p>';
            box.firstChild.textContent = text.no_library || 'The chart library did not load.';
            return;
        }

        new window.Chart(canvas, prepare(chart));
    });
})();

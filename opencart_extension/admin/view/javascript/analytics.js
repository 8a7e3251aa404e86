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

    /*
     * The value axes and their formats: x for horizontal bars, else y and any extra axes the chart names
     * (the return rate's right-hand axis). Category axes keep Chart.js's own labels.
     */
    function valueAxes(chart) {
        var axes = {};
        var horizontal = chart.config.options.indexAxis === 'y';

        axes[horizontal ? 'x' : 'y'] = chart.format;

        Object.keys(chart.axes || {}).forEach(function (axis) {
            axes[axis] = chart.axes[axis];
        });

        return axes;
    }

    function prepare(chart) {
        var config = chart.config;
        var options = config.options || (config.options = {});
        var axes = config.type === 'doughnut' ? {} : valueAxes(chart);

        options.scales = options.scales || {};

        Object.keys(axes).forEach(function (axis) {
            var scale = options.scales[axis] || (options.scales[axis] = {beginAtZero: true});

            scale.ticks = scale.ticks || {};
            scale.ticks.callback = formatter(axes[axis]);
        });

        if (options.indexAxis === 'y' && options.scales.y) {
            delete options.scales.y.beginAtZero;
        }

        options.plugins = options.plugins || {};
        options.plugins.tooltip = {
            callbacks: {
                title: function (items) {
                    // Periods are short on the axis ("23 Nov") and whole here ("Week of 23 Nov 2026").
                    return items.length && chart.titles && chart.titles[items[0].dataIndex] ? chart.titles[items[0].dataIndex] : (items.length ? items[0].label : '');
                },
                label: function (context) {
                    var horizontal = options.indexAxis === 'y';
                    var format = config.type === 'doughnut' ? 'count' : (axes[context.dataset.yAxisID || (horizontal ? 'x' : 'y')] || chart.format);
                    var value = context.parsed !== null && typeof context.parsed === 'object' ? (horizontal ? context.parsed.x : context.parsed.y) : context.parsed;
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

        // The page says "could not be drawn" until this script runs: remove it now.
        Array.prototype.forEach.call(box.querySelectorAll('.rebound-chart-missing'), function (note) {
            note.parentNode.removeChild(note);
        });

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

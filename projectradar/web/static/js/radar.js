// Project Radar dashboard scripts: the overview's timeline and the drill-down map.
// Data comes from JSON blocks in the page and from /api; nothing inline runs (CSP).
(function () {
  'use strict';

  // Money is formatted by the server (projectradar.formatting), never here: charts show the
  // strings it sends, so every face reads the same.

  function getJSON(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
      return r.json();
    });
  }

  function readData(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  // ---------------------------------------------------------------- timeline
  function drawTimeline() {
    var node = document.getElementById('timeline');
    var data = readData('timeline-data');
    if (!node || !data || !window.echarts) return;
    var chart = echarts.init(node);
    var axis = data.axis || { unit: '元', divisor: 1 };
    function inUnit(yuan) { return Math.round((yuan || 0) / axis.divisor * 100) / 100; }
    chart.setOption({
      tooltip: { trigger: 'axis', formatter: function (items) {
        return items.map(function (p) {
          var text = ((data.series_text || {})[p.seriesIndex ? 'groundbreaking' : 'signing'] || [])[p.dataIndex];
          return p.marker + p.seriesName + ' ' + (text || '—');
        }).join('<br>');
      } },
      legend: { data: ['签约投资', '开工投资'], top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: data.months.map(function (m) { return m.slice(5) + '月'; }) },
      yAxis: { type: 'value', name: axis.unit },
      series: [
        { name: '签约投资', type: 'bar', data: (data.series.signing || []).map(inUnit), itemStyle: { color: '#c0392b' } },
        { name: '开工投资', type: 'bar', data: (data.series.groundbreaking || []).map(inUnit), itemStyle: { color: '#2e86c1' } }
      ]
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }

  // ---------------------------------------------------------------- funnel
  // A region's named projects: signed → started → completed (counts; money as the server wrote it).
  function drawFunnel() {
    var node = document.getElementById('funnel');
    var steps = readData('funnel-data');
    if (!node || !steps || !window.echarts) return;
    var chart = echarts.init(node);
    chart.setOption({
      tooltip: { trigger: 'item', formatter: function (p) {
        return p.name + ' ' + p.value + ' 个' + (p.data.text ? '，' + p.data.text : '');
      } },
      color: ['#c0392b', '#2e86c1', '#1e8449'],
      series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '20%', gap: 2,
                 label: { show: true, position: 'inside', formatter: function (p) { return p.name + ' ' + p.value; } },
                 data: steps.map(function (s) { return { name: s.name, value: s.value, text: s.text }; }) }]
    });
    node.setAttribute('data-drawn', 'yes');
    window.addEventListener('resize', function () { chart.resize(); });
  }

  // ---------------------------------------------------------------- map
  // Shapes by GB/T 2260 code (scripts/build_assets.py): geo/<adcode>.json holds the regions one
  // level below <adcode>, each feature with its "adcode" and "name"; data joins on the code.
  var NATION = '100000';
  var BAND_COLORS = ['#fdf2e9', '#fad7a0', '#f5b041', '#e67e22', '#c0392b', '#7b241c', '#4a1410'];

  function RadarMap(node) {
    this.node = node;
    this.year = node.getAttribute('data-year');
    this.chart = echarts.init(node);
    this.stack = [];
    this.items = [];
    this.index = null;
    this.names = {};
    this.geoCache = {};
    this.ready = false;
    var self = this;
    this.chart.on('click', function (params) { self.onClick(params.name); });
    window.addEventListener('resize', function () { self.chart.resize(); });
    var up = document.getElementById('map-up');
    if (up) up.addEventListener('click', function (e) { e.preventDefault(); self.up(); });
  }

  RadarMap.prototype.geo = function (code) {
    if (!this.geoCache[code]) this.geoCache[code] = getJSON('/static/vendor/geo/' + this.index[code]);
    return this.geoCache[code];
  };

  RadarMap.prototype.start = function () {
    var self = this;
    return getJSON('/static/vendor/geo/index.json').then(function (index) {
      self.index = index;
      return self.show({ adcode: NATION, name: '全国' });
    });
  };

  RadarMap.prototype.show = function (entry) {
    var self = this;
    self.ready = false;
    var url = '/api/map?' + (entry.adcode !== NATION ? 'adcode=' + entry.adcode + '&' : '') +
      (self.year ? 'year=' + encodeURIComponent(self.year) : '');
    return Promise.all([self.geo(entry.adcode), getJSON(url)]).then(function (got) {
      var geo = got[0], answer = got[1];
      var rows = {};
      (answer.regions || []).forEach(function (r) { rows[r.adcode] = r; });
      echarts.registerMap('m-' + entry.adcode, geo);
      self.items = [];
      (geo.features || []).forEach(function (f) {
        var code = f.properties.adcode;
        if (!code) return;            // a boundary line, not a region
        self.names[code] = f.properties.name;
        var row = rows[code] || {};
        self.items.push({ name: code, region: f.properties.name, adcode: code, value: row.investment_yuan || 0,
                          text: row.investment_text || '', events: row.events || 0 });
      });
      var bands = answer.bands || [];
      var pieces = [{ value: 0, label: '无签约投资', color: '#f2f3f4' }].concat(bands.map(function (b, i) {
        return { gt: b.min, lte: b.max, label: b.label, color: BAND_COLORS[Math.min(i, BAND_COLORS.length - 1)] };
      }));
      self.chart.clear();
      self.chart.setOption({
        tooltip: { trigger: 'item', formatter: function (p) {
          var d = p.data || {};
          return (self.names[p.name] || p.name) + '<br>签约投资 ' + (d.text || '—') +
            (d.events ? '（' + d.events + ' 次签约）' : '');
        } },
        visualMap: { type: 'piecewise', pieces: pieces, left: 10, bottom: 10, itemWidth: 14, itemHeight: 10,
                     text: ['签约投资（按数量级）', ''], textStyle: { fontSize: 11 }, showLabel: true },
        series: [{ type: 'map', map: 'm-' + entry.adcode, nameProperty: 'adcode', roam: false, data: self.items,
                   selectedMode: false, labelLayout: { hideOverlap: true },
                   label: { show: entry.adcode !== NATION, fontSize: 10,
                            formatter: function (p) { return self.names[p.name] || ''; } },
                   emphasis: { label: { show: true, formatter: function (p) { return self.names[p.name] || ''; } } } }]
      });
      self.stack.push(entry);
      self.crumbs();
      self.ready = true;
      self.node.setAttribute('data-level', entry.adcode === NATION ? 'country' :
                             (self.stack.length === 2 ? 'province' : 'city'));
      self.node.setAttribute('data-region', entry.name);
    });
  };

  RadarMap.prototype.crumbs = function () {
    var el = document.getElementById('map-crumbs');
    if (el) el.textContent = this.stack.map(function (e) { return e.name; }).join(' › ');
    var up = document.getElementById('map-up');
    if (up) up.hidden = this.stack.length < 2;
  };

  RadarMap.prototype.up = function () {
    if (this.stack.length < 2) return;
    this.stack.pop();
    return this.show(this.stack.pop());
  };

  // A region code, or its name on the current map (what the browser tests click by).
  RadarMap.prototype.codeOf = function (nameOrCode) {
    if (this.names[nameOrCode]) return nameOrCode;
    var found = this.items.filter(function (i) { return i.region === nameOrCode; })[0];
    return found ? found.adcode : null;
  };

  RadarMap.prototype.onClick = function (code) {
    if (!code || !this.names[code]) return;
    if (this.index[code]) return this.show({ adcode: code, name: this.names[code] });
    window.location.href = '/regions/' + code + (this.year ? '?year=' + this.year : '');
  };

  // Where a region is drawn, in page coordinates (the browser test clicks there).
  RadarMap.prototype.pixelOf = function (nameOrCode) {
    var code = this.codeOf(nameOrCode);
    var series = this.chart.getModel().getSeriesByIndex(0);
    var region = code && series.coordinateSystem.getRegion(code);
    if (!region) return null;
    var center = region.getCenter ? region.getCenter() : region.center;
    var xy = this.chart.convertToPixel({ seriesIndex: 0 }, center);
    var box = this.node.getBoundingClientRect();
    return { x: box.left + xy[0], y: box.top + xy[1] };
  };

  function startMap() {
    var node = document.getElementById('map');
    if (!node || !window.echarts) return;
    var map = new RadarMap(node);
    window.radarMap = map;
    map.start().catch(function (err) {
      node.textContent = '地图加载失败：' + err.message;
      node.className += ' notice';
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    drawTimeline();
    drawFunnel();
    startMap();
  });
})();

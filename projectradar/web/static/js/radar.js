// Project Radar dashboard scripts: the overview's timeline and the drill-down map.
// Data comes from JSON blocks in the page and from /api; nothing inline runs (CSP).
(function () {
  'use strict';

  var SUFFIXES = ['特别行政区', '维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '自治州', '地区',
    '林区', '新区', '省', '市', '盟', '区', '县', '旗'];
  var MUNICIPALITIES = ['北京', '天津', '上海', '重庆'];

  // 济南市 → 济南, 广西壮族自治区 → 广西, 济阳县 → 济阳: names as the map files spell them.
  function shortName(name) {
    name = String(name || '');
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (name.length > s.length + 1 && name.slice(-s.length) === s) return name.slice(0, -s.length);
    }
    return name;
  }

  function sameRegion(a, b) {
    if (!a || !b) return false;
    if (a === b) return true;
    var sa = shortName(a), sb = shortName(b);
    return sa === sb || (sa.length >= 2 && b.indexOf(sa) === 0) || (sb.length >= 2 && a.indexOf(sb) === 0);
  }

  function yi(yuan) { return Math.round((yuan || 0) / 1e6) / 100; }

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
    chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v + ' 亿元'; } },
      legend: { data: ['签约投资', '开工投资'], top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: data.months.map(function (m) { return m.slice(5) + '月'; }) },
      yAxis: { type: 'value', name: '亿元' },
      series: [
        { name: '签约投资', type: 'bar', data: (data.series.signing || []).map(yi), itemStyle: { color: '#c0392b' } },
        { name: '开工投资', type: 'bar', data: (data.series.groundbreaking || []).map(yi), itemStyle: { color: '#2e86c1' } }
      ]
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }

  // ---------------------------------------------------------------- map
  function RadarMap(node) {
    this.node = node;
    this.year = node.getAttribute('data-year');
    this.chart = echarts.init(node);
    this.stack = [];
    this.items = [];
    this.index = null;
    this.geoCache = {};
    this.ready = false;
    var self = this;
    this.chart.on('click', function (params) { self.onClick(params.name); });
    window.addEventListener('resize', function () { self.chart.resize(); });
    var up = document.getElementById('map-up');
    if (up) up.addEventListener('click', function (e) { e.preventDefault(); self.up(); });
  }

  RadarMap.prototype.geo = function (file) {
    if (!this.geoCache[file]) this.geoCache[file] = getJSON('/static/vendor/geo/' + file);
    return this.geoCache[file];
  };

  RadarMap.prototype.start = function () {
    var self = this;
    return getJSON('/static/vendor/geo/index.json').then(function (index) {
      self.index = index;
      return self.show({ level: 'country', adcode: null, name: '全国', file: index.china, key: 'china' });
    });
  };

  RadarMap.prototype.show = function (entry) {
    var self = this;
    self.ready = false;
    var url = '/api/map?year=' + encodeURIComponent(self.year || '') + (entry.adcode ? '&adcode=' + entry.adcode : '');
    if (!self.year) url = entry.adcode ? '/api/map?adcode=' + entry.adcode : '/api/map';
    return Promise.all([self.geo(entry.file), entry.noData ? Promise.resolve({ regions: [] }) : getJSON(url)])
      .then(function (got) {
        var geo = got[0], rows = got[1].regions || [];
        echarts.registerMap(entry.key, geo);
        self.items = (geo.features || []).map(function (f) {
          var name = f.properties && f.properties.name;
          var row = rows.filter(function (r) { return sameRegion(r.name, name); })[0];
          return { name: name, value: row ? yi(row.investment_yuan) : 0, adcode: row ? row.adcode : null,
                   events: row ? row.events : 0, projects: row ? row.projects : 0 };
        });
        var max = Math.max.apply(null, self.items.map(function (i) { return i.value; }).concat([1]));
        self.chart.clear();
        self.chart.setOption({
          tooltip: { trigger: 'item', formatter: function (p) {
            var d = p.data || {};
            return p.name + '<br>签约投资 ' + (d.value || 0) + ' 亿元' + (d.events ? '（' + d.events + ' 次签约）' : '');
          } },
          visualMap: { min: 0, max: max, left: 10, bottom: 10, text: ['高', '低'], calculable: true,
                       inRange: { color: ['#fdf2e9', '#f0b27a', '#c0392b'] } },
          series: [{ type: 'map', map: entry.key, roam: false, data: self.items, selectedMode: false,
                     label: { show: entry.level !== 'country', fontSize: 10 },
                     emphasis: { label: { show: true } } }]
        });
        self.stack.push(entry);
        self.crumbs();
        self.ready = true;
        self.node.setAttribute('data-level', entry.level);
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
    var entry = this.stack.pop();
    return this.show(entry);
  };

  RadarMap.prototype.item = function (name) {
    return this.items.filter(function (i) { return i.name === name; })[0] || null;
  };

  RadarMap.prototype.onClick = function (name) {
    var here = this.stack[this.stack.length - 1];
    var item = this.item(name) || {};
    if (here.level === 'country') {
      var province = shortName(name);
      var file = this.index.provinces[province] || this.index.provinces[name];
      if (!file) return;
      var municipal = MUNICIPALITIES.indexOf(province) >= 0;
      return this.show({ level: municipal ? 'municipality' : 'province', adcode: item.adcode, name: name,
                         province: province, file: file, key: 'p-' + province, noData: !item.adcode });
    }
    if (here.level === 'province') {
      var keys = Object.keys(this.index.cities).filter(function (k) {
        return k.indexOf(here.province + '/') === 0 && sameRegion(k.slice(here.province.length + 1), name);
      });
      if (!keys.length) { if (item.adcode) window.location.href = '/regions/' + item.adcode; return; }
      return this.show({ level: 'city', adcode: item.adcode, name: name, province: here.province,
                         file: this.index.cities[keys[0]], key: 'c-' + keys[0], noData: !item.adcode });
    }
    // a district (or a municipality's district): open its region page
    if (item.adcode) window.location.href = '/regions/' + item.adcode + (this.year ? '?year=' + this.year : '');
  };

  // Where a region is drawn, in page coordinates (the browser test clicks there).
  RadarMap.prototype.pixelOf = function (name) {
    var series = this.chart.getModel().getSeriesByIndex(0);
    var region = series.coordinateSystem.getRegion(name);
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
    startMap();
  });
})();

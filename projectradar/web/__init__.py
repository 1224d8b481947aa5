"""The dashboard: server-rendered Jinja2 pages (总览, 事件, 地区, 阅读, 搜索) over the store."""

-- 班额分档.lua — 某省变通口径（示例）：班额上限按学段在校生数分档查表。
-- 查表、分档这类多步计算写在脚本里，比在规则语言里写一串比较清楚。
-- 规则中调用：分档班额上限(在校生数, 学段)，返回该学段的班额上限（人）。

local tiers = {            -- 在校生数上限（含）、小学班额上限、初中班额上限
  { 300,        35, 40 },
  { 1000,       40, 45 },
  { math.huge,  45, 50 },
}

_ENV["分档班额上限"] = function (pupils, stage)
  if pupils == nil or stage == nil then return nil end
  for _, tier in ipairs(tiers) do
    if pupils <= tier[1] then
      if stage == "初中" then return tier[3] end
      return tier[2]
    end
  end
end

-- 专用教室.lua — 音乐、美术专用教室应配间数（芦教字〔2025〕11号 附件2 第10项）：
-- 每 12 个班级配备 1 间以上；班级数不足 12 个的学校也须配备 1 间。
-- 写成脚本，是因为"不足 12 个班按 1 间计"是一个分支；规则语言里只能拆成几个比较。
-- 规则中这样调用：应配专用教室间数(义务教育班级数, 每间专用教室对应班级数)

_ENV["应配专用教室间数"] = function (classes, classes_per_room)
  if classes == nil or classes_per_room == nil or classes_per_room <= 0 then
    return nil -- 缺少数据：规则得出"缺少数据"
  end
  return math.max(1, math.ceil(classes / classes_per_room))
end

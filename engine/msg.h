/* msg.h — the message catalogue: every text a user can see, in Chinese
 * (default) and English. Both columns take the same printf arguments. */
#ifndef JH_MSG_H
#define JH_MSG_H

typedef enum { LANG_ZH, LANG_EN } Lang;

#define MSG_TABLE(X) \
    X(SEV_ERROR, "错误", "error") \
    X(SEV_WARNING, "警告", "warning") \
    X(DIAG_DROPPED, "……另有 %d 个错误未显示\n", "... %d more errors not shown\n") \
    X(DIAG_DROPPED_WARNINGS, "……另有 %d 个警告未显示\n", "... %d more warnings not shown\n") \
    X(LEX_BAD_BYTE, "无法识别的字符 '%s'", "unrecognised character '%s'") \
    X(LEX_BAD_UTF8, "不是有效的 UTF-8 编码", "invalid UTF-8") \
    X(LEX_OPEN_STRING, "字符串缺少结束引号", "unterminated string") \
    X(PARSE_EXPECTED, "此处应为%s，实际是 %s", "expected %s, found %s") \
    X(PARSE_EXPECTED_CLOSE, "此处应为 '%s'（与第 %d 行的 '%s' 配对），实际是 %s", "expected '%s' (to match line %d's '%s'), found %s") \
    X(PARSE_DECL, "此处应为声明（规则集、字段、记录、词表、参数、定义、指标、差异系数、类别、分摊、评估学段、容差、脚本限制、测试），实际是 %s", "expected a declaration (ruleset, fields, record, words, param, define, indicator, cv, category, split, stages, tolerance, script_limits, test), found %s") \
    X(PARSE_TEST_FILE, "测试文件中只能写 测试，实际是 %s（规则写在规则文件中）", "a test file holds tests only, found %s (rules go in the rule files)") \
    X(PARSE_ATTR, "%s 中不能写 %s", "%s cannot appear in %s") \
    X(PARSE_DUP_ATTR, "%s 重复出现（第一次在第 %d 行）", "%s given twice (first at line %d)") \
    X(PARSE_DUP_SETTING, "%s 在规则集中只能写一次（已写在 %s 第 %d 行）", "%s may be given once per rule set (already at %s line %d)") \
    X(PARSE_LIMIT, "未知的脚本限制 '%s'（可用：指令、内存、时间）", "unknown script limit '%s' (known: instructions, memory, seconds)") \
    X(PARSE_LIMIT_RANGE, "脚本限制 %s 须是%s，大于 0 且不超过 %.0f", "script limit %s must be %s, above 0 and at most %.0f") \
    X(PARSE_RECORD_UNIT, "'%s' 是评估单位（县级、学校、学段），不是可以声明的记录", "'%s' is a unit of evaluation (县级, 学校, 学段), not a record level to declare") \
    X(PARSE_RECORD_PARENT, "记录 %s 只能属于 学校 或 县级，这里是 '%s'", "record %s belongs to 学校 or 县级, not '%s'") \
    X(PARSE_TOO_MANY_LEVELS, "记录层级超过 %d 个的上限", "more record levels than the limit of %d") \
    X(PARSE_TOLERANCE, "容差是相对的，须小于 1（如 1e-9）：到 1 时同号的任意两个数都算相等", "the tolerance is relative and must be below 1 (e.g. 1e-9): at 1, any two numbers of a sign compare equal") \
    X(PARSE_BAD_DATE, "日期 %s 不存在", "date %s does not exist") \
    X(PARSE_TOO_DEEP, "表达式嵌套超过 %d 层", "expression nested deeper than %d levels") \
    X(PARSE_TOO_LONG, "表达式超过 %d 层运算（连续的 a + b + … 每个运算符算一层）", "expression deeper than %d levels of operators (each operator of a flat a + b + ... counts as one)") \
    X(PARSE_EXPR, "此处应为表达式，实际是 %s", "expected an expression, found %s") \
    X(CHK_UNKNOWN_NAME, "未声明的名称 '%s'", "unknown name '%s'") \
    X(CHK_UNKNOWN_NAME_SPACES, "未声明的名称 '%s'（'且'、'或'、'非' 两侧需要空格）", "unknown name '%s' ('且', '或', '非' need spaces around them)") \
    X(CHK_UNKNOWN_LEVEL, "未知的数据层级 '%s'（可用：%s；记录层级用 记录 声明）", "unknown data level '%s' (known: %s; record levels are declared with 记录)") \
    X(CHK_UNIT_LEVEL, "指标的对象只能是 县级、学校 或 学段，这里是 '%s'", "an indicator is evaluated per 县级, 学校 or 学段, not '%s'") \
    X(CHK_UNKNOWN_CATEGORY, "未声明的类别 '%s'", "unknown category '%s'") \
    X(CHK_UNKNOWN_INDICATOR, "未声明的指标 '%s'", "unknown indicator '%s'") \
    X(CHK_DUP, "'%s' 重复声明（第一次在 %s:%d）", "'%s' declared twice (first at %s:%d)") \
    X(CHK_DUP_WORD, "'%s' 在词表 %s 中出现两次（取值词和其他写法都只能写一次）", "'%s' appears twice in word list %s (each word and spelling once)") \
    X(CHK_UNKNOWN_TYPE, "未声明的类型 '%s'（类型为 整数、数值、比例、布尔、枚举、文本，或 词表 声明的名称）", "unknown type '%s' (types are int, num, ratio, bool, enum, text, or a name declared by words)") \
    X(CHK_NOT_ENUM, "'%s' 不是 %s 的取值（可用：%s）", "'%s' is not a value of %s (known: %s)") \
    X(CHK_NOT_ENUM_SPACES, "'%s' 不是 %s 的取值（可用：%s；'且'、'或'、'非' 两侧需要空格）", "'%s' is not a value of %s (known: %s; '且', '或', '非' need spaces around them)") \
    X(CHK_TYPE, "%s 需要%s，但这里给出的是%s", "%s needs %s, this is %s") \
    X(CHK_IF_TYPES, "若 … 则 … 否则 … 的两个分支须是同一类型：则 后为%s，否则 后为%s", "the branches of if … then … else … must be of one type: then gives %s, else gives %s") \
    X(CHK_IF_LIST, "若 … 则 … 否则 … 的分支须是一个值，不能是指标列表", "a branch of if … then … else … must be a value, not a list of indicators") \
    X(CHK_NO_THRESHOLD, "指标 %s 缺少 %s 的标准", "indicator %s has no threshold for %s") \
    X(CHK_NO_TEST, "指标 %s 既没有 值 与 标准，也没有 条件", "indicator %s has neither value and threshold nor a condition") \
    X(CHK_VALUE_NO_THRESHOLD, "指标 %s 有 值 但没有 标准", "indicator %s has a value but no threshold") \
    X(CHK_MISSING_ATTR, "%s 缺少 %s", "%s lacks %s") \
    X(CHK_COMPOSITE_NAME, "%s 写了 %s，但没有 %s：没有综合值可以命名", "%s gives %s but no %s: there is no composite to name") \
    X(CHK_SCOPE, "%s 的对象是 %s，不能读取 '%s'（属于 %s 层级）", "%s is evaluated per %s and cannot read '%s' (level %s)") \
    X(CHK_COUNTY_BELOW, "%s 的对象是 %s，不能读取县级字段 '%s'（逐校评估时县级数据可能尚未读到）", "%s is evaluated per %s and cannot read the county field '%s' (schools are evaluated before the county data may be read)") \
    X(CHK_UNORDERED, "'%s' 的取值没有顺序，只能用 == 或 != 比较", "the words of '%s' have no order: compare them with == or != only") \
    X(CHK_NO_WEIGHT, "分摊 缺少 %s 的权重", "split has no weight for %s") \
    X(CHK_KEYED_DEFAULT, "只有 学段 层级的字段可以按学段给默认值", "only fields of level 学段 can have defaults per stage") \
    X(CHK_DEFAULT_CYCLE, "字段 '%s' 的默认值引用了自身", "the default of field '%s' refers to itself") \
    X(CHK_PARAM_CYCLE, "参数 '%s' 引用了自身", "parameter '%s' refers to itself") \
    X(CHK_PARAM_SHAPE, "参数 '%s' 的各个取值须同样写法（都是一个数，或同样的学段依次各一个数）", "the values of parameter '%s' must have the same shape (one number each, or the same stages in the same order)") \
    X(CHK_PARAM_ORDER, "参数 '%s' 的取值须按生效日期从早到晚写", "the values of parameter '%s' must be given from the earliest date on") \
    X(CHK_DEFINE_CYCLE, "定义 '%s' 引用了自身", "definition '%s' refers to itself") \
    X(CHK_TOO_DEEP, "表达式连同它读取的定义、参数和字段默认值超过 %d 层", "expression deeper than %d levels, counting the definitions, parameters and field defaults it reads") \
    X(CHK_NOT_CONST, "参数 '%s' 必须是常数", "parameter '%s' must be a constant") \
    X(CHK_CYCLE, "指标 %s 依赖自身（经由 %s）", "indicator %s depends on itself (through %s)") \
    X(CHK_ELEMENT_ONLY, "'%s' 只能用在指标集合的汇总中", "'%s' is only valid inside an aggregate over indicators") \
    X(CHK_VALUE_IN_MAIN_TEST, "'%s' 不能用在指标 %s 自己的 值 或 条件 里：主测试会把 值 与 标准 比较；在例外的条件中可以使用 '%s'", "'%s' cannot appear in indicator %s's own value or condition: the main test compares the value with the threshold; an exception's condition may use '%s'") \
    X(CHK_REMEDY_TEST, "指标 %s 写了 整改，就要有 值 与 标准，对象为 学校 或 学段：整改清单按它们算出差额", "indicator %s has 整改, so it needs a value and a threshold, per 学校 or 学段: the gaps list solves them") \
    X(CHK_REMEDY_FIELD, "整改 '%s' 须是%s或其学校记录中的数值字段（整数或数值）", "整改 '%s' must be a number field (整数 or 数值) of the %s or its school record") \
    X(CHK_SELF_ONLY, "'%s' 只能用在有标准的指标里（指该指标的标准或主值）或指标集合的汇总中", "'%s' is only valid in an indicator with a threshold (its threshold or main value) or in an aggregate over indicators") \
    X(CHK_ROW_FIELD, "'%s' 属于 %s 层级，只能在对 %s 的汇总中读取，例如 全部(%s : …)", "'%s' belongs to level %s and is read through an aggregate over %s, e.g. all(%s : ...)") \
    X(CHK_NOT_A_COLLECTION_HERE, "对象为 %s 时不能汇总 %s", "an aggregate over %s is not available when evaluating per %s") \
    X(CHK_KEYED_PARAM, "参数 '%s' 按学段取值，只能用在对象为 学段 的指标中", "parameter '%s' has a value per stage and is only valid per 学段") \
    X(CHK_SCRIPT_ARGS, "脚本函数 %s 的参数只能是数值、是否、文字、取值词或记录集合（不能写 其中 或 :）", "the arguments of script function %s are values or record collections (no 'where' or ':')") \
    X(CHK_SCRIPT_ARGC, "脚本函数 %s 的参数超过 16 个：请传入记录集合", "script function %s takes more than 16 arguments: pass a record collection") \
    X(CHK_ONE_NUMBER, "%s 只接受一个数值，不能写 其中 或 :", "%s takes one number, without 其中 or :") \
    X(CHK_ARGC, "%s 需要 %d 个参数", "%s takes %d argument(s)") \
    X(CHK_NOT_COLLECTION, "%s 的第一个参数必须是指标列表或记录集合（%s）", "the first argument of %s must be a list of indicators or a collection (%s)") \
    X(CHK_NOT_FUNCTION, "'%s' 不是函数", "'%s' is not a function") \
    X(CHK_SPLIT_LEVEL, "只有 学校 层级的字段可以 分摊", "only fields of level 学校 can be split") \
    X(CHK_NO_SPLIT, "有字段标为 分摊，但规则集没有 分摊 声明", "fields are marked split but the rule set has no split declaration") \
    X(CHK_NO_STAGES, "规则集没有 评估学段 声明", "the rule set has no stages declaration") \
    X(CHK_NO_RULES, "%s 中没有 .jh 规则文件", "no .jh rule files in %s") \
    X(CHK_TOO_MANY_FILES, "%s 中的 %s 文件超过 %d 个的上限", "%s holds more %s files than the limit of %d") \
    X(CHK_NO_FIELD, "数据集格式需要字段 '%s'，规则集须把它声明为 %s 级的 枚举", "the dataset layout needs the field '%s', declared as an enum at level %s") \
    X(CHK_TEST_STATUS, "'%s' 不是结果（可用：达标、认定达标、未达标、缺少数据、不适用）", "'%s' is not a result (known: pass, pass_by_exception, fail, missing_data, not_applicable)") \
    X(CHK_TEST_CLAUSE, "'%s' 不是指标 %s 的例外或否决条款", "'%s' is not an exception or veto of indicator %s") \
    X(CHK_TEST_FIELD, "'%s' 不是 %s 的字段", "'%s' is not a field of %s") \
    X(CHK_TEST_ROWS, "'%s' 不是可以逐条给出的记录（可用：%s）", "'%s' is not a kind of record (known: %s)") \
    X(CHK_TEST_VALUE, "'%s' 需要%s", "'%s' needs %s") \
    X(LINT, "[%s] %s", "[%s] %s") \
    X(LINT_NO_REASON, "忽略 %s 须写明理由（# 忽略 %s：理由）", "ignoring %s needs a reason (# ignore %s: reason)") \
    X(LINT_UNUSED_FIELD, "字段 '%s' 没有指标读取", "no indicator reads field '%s'") \
    X(LINT_UNUSED_PARAM, "参数 '%s' 没有被使用", "parameter '%s' is not used") \
    X(LINT_UNUSED_DEFINE, "定义 '%s' 没有被使用", "definition '%s' is not used") \
    X(LINT_UNITS, "单位不同的数值放在一起比较或加减：%s 与 %s", "values of different units compared or added: %s and %s") \
    X(LINT_DEAD_EXCEPTION, "例外 %s 与主测试的值和标准相同，主测试未达到时它也不会成立", "exception %s repeats the main value and threshold: it never holds when the main test fails") \
    X(DICT_DESCRIPTION, "      说明：", "      description: ") \
    X(CHECK_SUMMARY, "规则集 %s：%d 个错误，%d 个警告（另有 %d 个已按说明忽略）\n", "rule set %s: %d errors, %d warnings (%d more silenced with a reason)\n") \
    X(IO_READ, "无法读取 %s：%s", "cannot read %s: %s") \
    X(IO_WRITE, "无法写入 %s：%s", "cannot write %s: %s") \
    X(OUT_OF_MEMORY, "内存不足（%zu 字节的内存申请失败），程序停止", "out of memory (an allocation of %zu bytes failed): stopped") \
    X(IO_WRITE_STDOUT, "无法写入标准输出：%s", "cannot write to standard output: %s") \
    X(OUT_IS_DATASET, "-o %s 是本次读取的数据集 %s：结果不能写在输入上，请另选文件", "-o %s is the dataset this run reads (%s): a result cannot replace an input; choose another file") \
    X(OUT_IN_DATASET, "-o %s 在本次读取的 CSV 数据集文件夹 %s 中：结果不能写进输入的数据集，请另选位置", "-o %s is in the CSV dataset folder this run reads (%s): a result cannot go into an input; choose another place") \
    X(OUT_IS_RULES, "-o %s 是本次使用的规则文件 %s：结果不能写在规则上，请另选文件", "-o %s is the rule file this run uses (%s): a result cannot replace the rules; choose another file") \
    X(OUT_IN_RULES, "-o %s 在本次使用的规则集文件夹 %s 中：结果不能写进规则集，请另选位置", "-o %s is in the rule folder this run uses (%s): a result cannot go into the rule set; choose another place") \
    X(OUT_NOT_REGULAR, "-o %s 已存在，是%s，不是普通文件：结果只写入普通文件，不会替换它", "-o %s exists and is %s, not a regular file: results are written to regular files only, and it is left as it is") \
    X(OUT_KIND_SYMLINK, "符号链接", "a symbolic link") \
    X(OUT_KIND_FOLDER, "文件夹", "a folder") \
    X(OUT_KIND_FIFO, "命名管道（FIFO）", "a named pipe (FIFO)") \
    X(OUT_KIND_SOCKET, "套接字", "a socket") \
    X(OUT_KIND_DEVICE, "设备", "a device") \
    X(IO_NOT_REGULAR, "不是普通文件（是命名管道、设备或套接字）", "not a regular file (a FIFO, a device or a socket)") \
    X(IO_TOO_LARGE, "%s 超过 %u 字节的上限", "%s is larger than the %u byte limit") \
    X(SCRIPT_SYNTAX, "Lua 脚本语法错误：%s", "Lua script syntax error: %s") \
    X(SCRIPT_DUP_FUNCTION, "Lua 函数 '%s' 重复定义（第一次在 %s:%d）", "Lua function '%s' defined twice (first at %s:%d)") \
    X(SCRIPT_RUNTIME, "Lua 脚本出错：%s（%s）", "Lua script error: %s (%s)") \
    X(SCRIPT_INSTRUCTIONS, "Lua 脚本超过每次调用 %ld 条指令的上限（%s）", "Lua script exceeded the limit of %ld instructions per call (%s)") \
    X(SCRIPT_MEMORY, "Lua 脚本超过 %zu 字节的内存上限（%s）", "Lua script exceeded the memory limit of %zu bytes (%s)") \
    X(SCRIPT_TIME, "Lua 脚本运行时间超过整个评估 %g 秒的上限（%s）", "Lua scripts exceeded the time limit of %g seconds for the whole evaluation (%s)") \
    X(SCRIPT_PATTERN, "string.%s 的模式对 %zu 字节的文本过于复杂（最坏约 %.3g 步，上限 %.3g 步；%s）", "the pattern given to string.%s is too complex for a %zu-byte text (up to about %.3g steps, limit %.3g; %s)") \
    X(SCRIPT_TYPE, "Lua 函数应返回%s，实际返回%s（%s）", "the Lua function should return %s, it returned %s (%s)") \
    X(SCRIPT_NOT_FINITE, "Lua 函数返回了非有限数值 %s（%s）", "the Lua function returned a non-finite number %s (%s)") \
    X(SCRIPT_UNKNOWN_FUNCTION, "没有名为 '%s' 的 Lua 函数（规则 %s，%s）", "no Lua function named '%s' (rule %s, %s)") \
    X(SCRIPT_FROZEN, "脚本不能在两次调用之间保存状态：载入后，全局变量和载入时建立的表都是只读的（请用局部变量）", "a script cannot keep state from one call to the next: once loaded, its globals and the tables it built are read-only (use local variables)") \
    X(SCRIPT_GC_REFUSED, "setmetatable 不接受带 __gc 的元表（脚本中不允许终结器）", "setmetatable refuses a metatable with __gc (scripts may not have finalizers)") \
    X(SCRIPT_CALL_CONTEXT, "函数 %s，规则 %s，%s", "function %s, rule %s, %s") \
    X(SCRIPT_LOAD_CONTEXT, "加载脚本时", "while loading the script") \
    X(SCRIPT_FAILED, "（出错）", "(failed)") \
    X(EXPLAIN_IF_THEN, "%s若 %.*s → 成立，取 %.*s\n", "%sif %.*s → holds, takes %.*s\n") \
    X(EXPLAIN_IF_ELSE, "%s若 %.*s → 不成立，取 %.*s\n", "%sif %.*s → does not hold, takes %.*s\n") \
    X(EXPLAIN_IF_MISSING, "%s若 %.*s → ", "%sif %.*s → ") \
    X(SERVE_READY, "junheng serve：规则集 %s，%s\n请在本机的浏览器中打开：\n  %s\n按 Ctrl-C 停止。\n", "junheng serve: rules %s, %s\nopen in a browser on this machine:\n  %s\npress Ctrl-C to stop.\n") \
    X(SERVE_DATASET, "数据集 %s", "dataset %s") \
    X(SERVE_NO_DATASET, "未给数据集：只检查规则、运行测试", "no dataset: rules are checked and tested only") \
    X(SERVE_STOPPED, "junheng serve 已停止。\n", "junheng serve stopped.\n") \
    X(SERVE_LISTEN, "无法在 %s:%d 上监听：%s（可用 --port 换一个端口；--port 0 由系统选一个空闲端口）", "cannot listen on %s:%d: %s (choose another with --port; --port 0 takes any free port)") \
    X(SERVE_BAD_HOST, "拒绝：Host '%s' 不是本服务的地址 %s", "refused: Host '%s' is not this server's address %s") \
    X(SERVE_BAD_ORIGIN, "拒绝：来源 '%s' 不是本服务的地址 %s", "refused: origin '%s' is not this server's address %s") \
    X(SERVE_NO_ORIGIN, "拒绝：写入请求须来自本服务的页面（Origin: %s）", "refused: a write must come from this server's page (Origin: %s)") \
    X(SERVE_TOKEN, "拒绝：缺少口令或口令不对；请打开 junheng serve 启动时打印的完整地址", "refused: the token is missing or wrong; open the whole address junheng serve printed when it started") \
    X(SERVE_NOT_FOUND, "没有这个地址：%s", "no such address: %s") \
    X(SERVE_METHOD, "%s 不接受 %s 请求", "%s does not take %s requests") \
    X(SERVE_TOO_LARGE, "拒绝：请求内容超过 %u 字节的上限（一个规则文件的上限）", "refused: the request body is larger than the %u byte limit (that of a rule file)") \
    X(SERVE_NOT_RULE_FILE, "'%s' 不是本规则集的规则文件", "'%s' is not a rule file of this rule set") \
    X(SERVE_LINK, "'%s' 是符号链接（指向 %s）：保存只写规则文件夹中的普通文件", "'%s' is a symbolic link (to %s): saving writes only regular files of the rule folder") \
    X(SERVE_NOT_REGULAR, "'%s' 不是普通文件，不能保存到这里", "'%s' is not a regular file: nothing is saved there") \
    X(SERVE_CHANGED_ON_DISK, "'%s' 在打开之后被其他程序改过：为免覆盖别人的修改，没有保存；请重新载入页面", "'%s' was changed by another program after it was read: not saved, so as not to overwrite that change; reload the page") \
    X(SERVE_NOT_SAVED, "规则有 %d 个错误，没有保存", "the rules have %d errors: not saved") \
    X(SERVE_NOTHING_TO_UNDO, "没有可以撤销的保存", "no save to undo") \
    X(SERVE_FIELD_UNREAD, "字段 '%s' 是启动后新声明的或改了类型：数据集是按启动时的规则读入的，在本页中它的值按缺少处理；保存后重新启动 junheng serve 即可读入", \
      "field '%s' is new or of another type since the start: the dataset was read under the rules of then, so here its values are missing; save and restart junheng serve to read them") \
    X(SERVE_WORD_UNREAD, "字段 '%s' 不再有取值 '%s'：数据集中这样填写的值在本页中按缺少处理", "field '%s' no longer lists '%s': values written so in the dataset are missing here") \
    X(DS_JSON, "JSON 格式错误", "malformed JSON") \
    X(DS_EXPECTED, "此处应为%s", "expected %s") \
    X(DS_YEAR_AFTER_SCHOOLS, "\"数据集\" 的 年度 写在了 \"学校\" 列表之后：逐校读取时评估日期已经确定，请把 \"数据集\" 移到 \"学校\" 之前", \
      "\"数据集\".年度 comes after the \"学校\" list: the evaluation date was fixed when the schools were read; move \"数据集\" before \"学校\"") \
    X(DS_NO_SCHOOLS, "数据集没有 \"学校\" 列表", "the dataset has no \"学校\" list") \
    X(DS_NO_SCHOOL, "数据集中一所学校也没有：没有可以评估的内容", "the dataset has no school: there is nothing to evaluate") \
    X(DS_DUP_KEY, "键 \"%s\" 重复（第一次在第 %d 行第 %d 列）", "key \"%s\" given twice (first at line %d, column %d)") \
    X(DS_KEY_UTF8, "键名不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）", "a key is not valid UTF-8 (save the JSON file as UTF-8)") \
    X(DS_VALUE_UTF8, "字段 '%s' 的值不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）", "the value of field '%s' is not valid UTF-8 (save the JSON file as UTF-8)") \
    X(DS_FIELD_TYPE, "字段 '%s' 应为%s", "field '%s' should be %s") \
    X(DS_ENUM, "字段 '%s' 的值 '%s' 不在可选值中（%s）", "field '%s' has value '%s', not one of (%s)") \
    X(DS_NO_CODE, "学校缺少 \"学校代码\"", "school lacks \"学校代码\"") \
    X(DS_DUP_CODE, "学校代码 %s 重复（第一次在第 %d 行）", "学校代码 %s appears twice (first at line %d)") \
    X(DS_STAGE, "学段 '%s' 不是 %s 之一", "stage '%s' is not one of %s") \
    X(DS_DUP_STAGE, "学校 %s 的学段 %s 重复", "school %s lists stage %s twice") \
    X(DS_TOO_MANY_STAGES, "学校的学段记录超过 %d 个", "a school has more than %d stage records") \
    X(DS_SCHOOL_TOO_LARGE, "一所学校的数据超过 %u 字节的上限", "one school's data exceeds the %u byte limit") \
    X(DS_SCHOOL_TOO_MANY_VALUES, "一所学校的数据中值或记录太多：读入后超过 %u 字节的内存上限", "one school's data holds too many values or records: read, it exceeds the %u byte memory limit") \
    X(CLI_UNKNOWN_COMMAND, "未知命令 '%s'（可用：eval、explain、check、test、diff、fields）", "unknown command '%s' (known: eval, explain, check, test, diff, fields)") \
    X(CLI_UNKNOWN_OPTION, "未知选项 '%s'", "unknown option '%s'") \
    X(CLI_NEEDS_VALUE, "选项 %s 需要一个值", "option %s needs a value") \
    X(CLI_BAD_VALUE, "选项 %s 的值 '%s' 无效（可用：%s）", "option %s has an invalid value '%s' (known: %s)") \
    X(CLI_BAD_INTEGER, "选项 %s 的值 '%s' 无效：应为 %ld 到 %ld 之间的整数", "option %s has an invalid value '%s': an integer from %ld to %ld is needed") \
    X(CLI_BAD_SOURCE_DATE_EPOCH, "环境变量 SOURCE_DATE_EPOCH 的值 '%s' 无效：应为 0 到 %lld 之间的整数（自 1970-01-01 00:00:00 UTC 起的秒数），或不设置", "the environment variable SOURCE_DATE_EPOCH has an invalid value '%s': an integer from 0 to %lld is needed (seconds since 1970-01-01 00:00:00 UTC), or leave it unset") \
    X(CLI_BAD_NUMBER, "选项 %s 的值 '%s' 无效：应为大于 0、不超过 %ld 的数（可以有小数）", "option %s has an invalid value '%s': a number above 0 and at most %ld is needed (decimals allowed)") \
    X(CLI_NO_DATASET, "缺少数据集（.json 文件或 CSV 文件夹）", "no dataset given (a .json file or a CSV folder)") \
    X(CLI_DATE_TOO_EARLY, "评估日期 %s 早于参数 '%s' 最早的施行日期 %s：那时它还没有取值", "evaluation date %s is before parameter '%s' first took effect (%s): it had no value then") \
    X(CLI_CV_OF_COUNTY, "'%s' 是全县的差异系数，不属于某一所学校：去掉 --school 即可查看它的计算", "'%s' is the county's coefficient of variation, not a school's: leave out --school to see how it was computed") \
    X(CLI_XLSX_NEEDS_FILE, "--format xlsx 需要用 -o 指定工作簿文件（如 -o 评估结果.xlsx）", "--format xlsx needs -o FILE (for example -o results.xlsx)") \
    X(CLI_OPTION_NOT_FOR, "选项 %s 不适用于 %s 命令", "option %s does not apply to the %s command") \
    X(CLI_EXTRA_ARG, "多余的参数 '%s'", "unexpected argument '%s'") \
    X(CLI_NO_SCHOOL_OPTION, "explain 需要 --school 学校代码，或 --indicator 指标（县级指标与汇总）", "explain needs --school CODE, or --indicator ID (county results and roll-ups)") \
    X(CLI_SCHOOL_NOT_FOUND, "数据集中没有学校代码 %s", "no school with code %s in the dataset") \
    X(CLI_NOTHING_TO_EXPLAIN, "学校 %s 没有符合条件的结果（指标 %s，学段 %s）", "school %s has no result for indicator %s, stage %s") \
    X(CLI_NO_RULES_FOUND, "找不到默认规则集（在 %s 旁查找 rules/优质均衡）；请用 --rules 指定", "cannot find the default rule set (looked for rules/优质均衡 near %s); give --rules") \
    X(CLI_DIFF_NEEDS, "diff 需要两个数据集，或一个数据集加 --with-rules 规则", "diff needs two datasets, or one dataset and --with-rules RULES") \
    X(CLI_PROGRESS, "已读取 %d 所学校…", "%d schools read…") \
    X(DS_ROW_NO_STAGE, "%s记录没有写 学段，而该校有多个学段（%s）：请写明属于哪个学段，否则会在每个学段各算一次", "a %s record gives no stage, and the school has several (%s): say which, or it counts in each") \
    X(DS_ROW_STAGE, "%s记录的学段 '%s' 不是该校的学段（该校有：%s）", "a %s record's stage '%s' is not one of the school's stages (it has: %s)") \
    X(DS_NOT_LIST, "'%s' 应为记录列表", "'%s' should be a list of records") \
    X(DS_TRAILING, "JSON 结束后还有多余内容", "unexpected content after the JSON value") \
    X(CSV_NO_FILE, "CSV 数据集 %s 缺少必需的文件 %s", "the CSV dataset %s lacks the required file %s") \
    X(CSV_ENCODING_NAME, "未知的编码 '%s'（可用：auto、utf-8、gb18030、gbk）", "unknown encoding '%s' (known: auto, utf-8, gb18030, gbk)") \
    X(CSV_ENCODING, "不是有效的 %s 编码", "invalid %s") \
    X(CSV_UTF16, "文件是 UTF-16 编码：请另存为 UTF-8 或 GBK 编码的 CSV", "the file is UTF-16: save it as CSV in UTF-8 or GBK") \
    X(CSV_NO_HEADER, "文件没有表头行", "the file has no header row") \
    X(CSV_OPEN_QUOTE, "从这一行开始的引号直到文件末尾都没有闭合", "a quoted cell starting on this row is not closed before the end of the file") \
    X(CSV_AFTER_QUOTE, "结束引号之后还有字符（单元格中的引号应写成 \"\"）", "characters after the closing quote (write a quote inside a cell as \"\")") \
    X(CSV_EXTRA_CELLS, "这一行有 %d 个单元格，多于表头的 %d 列", "this row has %d cells, more than the header's %d columns") \
    X(CSV_TOO_MANY_COLUMNS, "表头有 %d 列，超过 %d 列的上限", "the header has %d columns, more than the limit of %d") \
    X(CSV_MISSING_COLUMN, "缺少列 '%s'", "missing column '%s'") \
    X(CSV_DUP_COLUMN, "列 '%s' 出现两次（第 %d 列和第 %d 列）", "column '%s' appears twice (columns %d and %d)") \
    X(CSV_EMPTY_KEY, "'%s' 不能为空", "'%s' must not be empty") \
    X(CSV_UNKNOWN_SCHOOL, "学校代码 %s 不在 %s 中", "学校代码 %s is not in %s") \
    X(CSV_DUP_STAGE, "学校 %s 的学段 %s 重复（第一次在第 %d 行）", "school %s lists stage %s twice (first at line %d)") \
    X(CSV_TOO_MUCH, "读到这一行时，CSV 数据集已超过 %u 字节的内存上限：记录太多（很大的数据集请用 JSON 格式，逐校读取）", "at this row the CSV dataset exceeds the %u byte memory limit: too many records (give a very large dataset as JSON, which is read school by school)") \
    X(CSV_DUP_COUNTY_FIELD, "字段 '%s' 重复（第一次在第 %d 行）", "field '%s' given twice (first at line %d)") \
    X(CSV_FIELD_TYPE, "字段 '%s' 应为%s，这里是 '%s'", "field '%s' should be %s, not '%s'") \
    X(CSV_ZERO_PUPILS, "学校 %s 的%s学段在校生数为 0，该学段的生均指标无法计算", "school %s has no pupils in stage %s: its per-pupil indicators cannot be computed") \
    X(CSV_BIG_CLASS, "班级学生数 %s 超过 %d 人，请核对", "a class of %s students, more than %d: please check") \
    X(CSV_OUTLIER, "值 %s 达到本列中位数 %s 的 %d 倍，请核对", "value %s is at least the column's median %s times %d: please check")

typedef enum {
#define MSG_ENUM(id, zh, en) MSG_##id,
    MSG_TABLE(MSG_ENUM)
#undef MSG_ENUM
    MSG_COUNT
} MsgId;

extern Lang msg_lang;
const char *msg(MsgId id);
/* The text of the message language, for texts written in place (reports,
 * help) rather than in the catalogue. */
const char *zh_en(const char *zh, const char *en);
/* A system error (errno) in the message language. */
const char *errno_text(int err);

#endif

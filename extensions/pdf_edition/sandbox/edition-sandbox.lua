-- edition-sandbox.lua: LuaTeX's Lua, confined for the PDF edition's own TeX runs.
--
-- Loaded with `lualatex --lua=<this file>` (the LaTeX builder's latexmkrc, written by
-- extensions/pdf_edition/texrun.py), before the LaTeX format and every package, so that
-- every package and every \directlua of the document sees only the confined functions.
-- The edition's .tex holds no code from its sources (extensions/tex_safety.py refuses
-- it); this is the second wall, for anything that would still reach TeX.
--
-- LuaTeX's own `--safer` cannot be used: luaotfload (fontspec) refuses to run under it.
-- Instead, in the spirit of `--safer` plus kpathsea's `openin_any=p`/`openout_any=p`:
--
-- * files are read only from the build folder and from TeX's own trees, font folders and
--   caches; Lua writes only into the font cache (luaotfload's), TeX writes (\openout)
--   only into the build folder, never a dot file, latexmkrc or Makefile;
-- * file-finding callbacks (\input, \openout, images, \pdfextension obj file, map and
--   font files, MetaPost) go through the same rules, also when document code registers
--   its own;
-- * no process: os.execute, io.popen, os.exec, os.spawn, os.kpsepopen; no C modules
--   (package.loadlib, C searchers); only text chunks are loaded, and binary ones that
--   string.dump made in this run (no crafted bytecode); os.setenv only for the names the
--   Lua libraries set; the debug functions that could reach the originals (upvalues,
--   locals, registry, hooks) are gone.  (Without shell escape LuaTeX's own luatex-core,
--   which runs after this script, also empties package.loadlib, os.setenv and ffi.)
--
-- A refusal is written to the log as "edition sandbox: refused ...".

texconfig.kpse_init = true

local io_open, io_lines, io_input, io_output = io.open, io.lines, io.input, io.output
local load_, loadfile_, dofile_ = load, loadfile, dofile
local os_remove, os_rename, os_setenv = os.remove, os.rename, os.setenv
local lfs_currentdir, lfs_chdir = lfs.currentdir, lfs.chdir
local lfs_attributes, lfs_symlinkattributes = lfs.attributes, lfs.symlinkattributes
local lfs_mkdir, lfs_rmdir, lfs_touch, lfs_link, lfs_lock_dir =
  lfs.mkdir, lfs.rmdir, lfs.touch, lfs.link, lfs.lock_dir
local callback_register = callback.register
local type, tostring, error, pairs, ipairs = type, tostring, error, pairs, ipairs
local format, gsub, find, sub = string.format, string.gsub, string.find, string.sub

local BUILD = lfs_currentdir()
-- a path that cannot be opened (a folder inside this file): what a refused lookup returns
local NOWHERE = gsub(debug.getinfo(1, "S").source, "^@", "") .. "/refused"

-- Refusals are written to the log (and returned as the error message); the ones every run
-- meets are not: luaotfload's probe of each cache folder ("m_t_x_t_e_s_t.tmp"), its query
-- of the terminal's width ("tput cols"), and its compiled caches (binary chunks: the text
-- ones beside them are read instead).
local QUIET = { "m_t_x_t_e_s_t.tmp", "tput cols", "binary chunk" }

local function refuse(what, detail)
  local message = format("edition sandbox: refused %s%s", what, detail and (": " .. detail) or "")
  for _, quiet in ipairs(QUIET) do
    if find(what, quiet, 1, true) then return message end
  end
  if texio and texio.write_nl then
    pcall(texio.write_nl, "log", message)
    pcall(texio.write_nl, "log", "")
  end
  return message
end

-- -- Paths ------------------------------------------------------------------------------

local function split(path)
  local parts = {}
  for part in string.gmatch(path, "[^/]+") do
    parts[#parts + 1] = part
  end
  return parts
end

-- The real absolute path of *path* (symbolic links followed, `.` and `..` resolved), or
-- nil.  A missing last component is allowed (a file about to be written).
local function realpath(path, base, depth)
  depth = depth or 0
  if depth > 40 then return nil end
  if type(path) ~= "string" or path == "" or find(path, "\0", 1, true) then return nil end
  local parts = split(path)
  local resolved = {}
  if sub(path, 1, 1) ~= "/" then
    resolved = split(base or BUILD)
  end
  for i, part in ipairs(parts) do
    if part == "." then
      -- nothing
    elseif part == ".." then
      resolved[#resolved] = nil
    else
      local candidate = "/" .. table.concat(resolved, "/") .. (#resolved > 0 and "/" or "") .. part
      local mode = lfs_symlinkattributes(candidate, "mode")
      if mode == "link" then
        local target = lfs_symlinkattributes(candidate, "target")
        if not target then return nil end
        local parent = "/" .. table.concat(resolved, "/")
        local real = realpath(target, parent, depth + 1)
        if not real then return nil end
        resolved = split(real)
      elseif mode == nil and i < #parts then
        return nil  -- a missing folder on the way
      else
        resolved[#resolved + 1] = part
      end
    end
  end
  return "/" .. table.concat(resolved, "/")
end

local function under(path, root)
  if not root then return false end
  if root == "/" then return true end
  return path == root or sub(path, 1, #root + 1) == root .. "/"
end

local read_roots

local function add_roots(list, value)
  if not value or value == "" then return end
  local expanded = kpse.expand_braces and kpse.expand_braces(value) or value
  for entry in string.gmatch(expanded, "[^:;]+") do
    entry = gsub(entry, "^!!", "")
    entry = gsub(entry, "/+$", "")
    if entry ~= "" and sub(entry, 1, 1) == "/" then
      local real = realpath(entry)
      if real then list[#list + 1] = real end
    end
  end
end

-- TeX's trees, caches and font folders (read lazily: kpathsea starts after this script)
local function roots()
  if read_roots then return read_roots end
  local reads = {}
  for _, name in ipairs({"TEXMF", "TEXMFCACHE", "TEXMFVAR", "TEXMFSYSVAR", "TEXMFCONFIG",
                         "TEXMFSYSCONFIG", "TEXMFCNF", "OSFONTDIR", "SELFAUTOPARENT"}) do
    add_roots(reads, kpse.expand_var("$" .. name))
  end
  local home = os.getenv("HOME")
  -- (fontconfig's settings name the font folders luaotfload scans)
  for _, dir in ipairs({"/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts",
                        "/usr/local/etc/fonts", home and (home .. "/.config/fontconfig") or "",
                        "/usr/share/texmf", "/usr/share/texlive",
                        home and (home .. "/.fonts") or "", home and (home .. "/.local/share/fonts") or ""}) do
    add_roots(reads, dir)
  end
  read_roots = reads
  return reads
end

-- May *path* be read?  The build folder, TeX's trees, font folders and caches.
local function readable(path)
  local real = realpath(path)
  if not real then return false end
  if under(real, BUILD) then return true end
  for _, root in ipairs(roots()) do
    if under(real, root) then return true end
  end
  return false
end

-- The edition's own font cache (EDITION_TEX_CACHE, set by the latexmkrc and first in
-- TEXMFCACHE): the only place Lua writes.  The system's and the user's caches are read,
-- never written: what a document wrote there would be loaded by every other TeX run.
local CACHE = os.getenv("EDITION_TEX_CACHE")
CACHE = CACHE and CACHE ~= "" and realpath(CACHE) or nil

local function lua_writable(path)
  local real = realpath(path)
  return real ~= nil and CACHE ~= nil and under(real, CACHE)
end

local FORBIDDEN_OUTPUT = { latexmkrc = true, latexmkjarc = true, Makefile = true,
                           makefile = true, GNUmakefile = true, ["make.bat"] = true }

-- May TeX write *path* (\openout, the PDF, the log)?  Only in the build folder, never a
-- dot file or a file that make or latexmk would run.
local function tex_writable(path)
  local real = realpath(path)
  if not real or not under(real, BUILD) or real == BUILD then return false end
  local rest = sub(real, #BUILD + 2)
  for _, part in ipairs(split(rest)) do
    if sub(part, 1, 1) == "." then return false end
  end
  local base = string.match(real, "[^/]+$")
  return not FORBIDDEN_OUTPUT[base]
end

local function writing(mode)
  return type(mode) == "string" and (find(mode, "w", 1, true) or find(mode, "a", 1, true)
                                     or find(mode, "+", 1, true)) ~= nil
end

-- -- io, loading ---------------------------------------------------------------------------

function io.open(path, mode)
  if writing(mode) then
    if not lua_writable(path) then
      return nil, refuse(format("io.open(%q, %q)", tostring(path), tostring(mode)),
                         "Lua writes only into the edition's font cache")
    end
  elseif not readable(path) then
    return nil, refuse(format("io.open(%q)", tostring(path)),
                       "Lua reads only the build folder and TeX's own files")
  end
  return io_open(path, mode)
end

function io.lines(path, ...)
  if path ~= nil and not readable(path) then
    error(refuse(format("io.lines(%q)", tostring(path))), 2)
  end
  return io_lines(path, ...)
end

function io.input(file)
  if type(file) == "string" and not readable(file) then
    error(refuse(format("io.input(%q)", file)), 2)
  end
  return io_input(file)
end

function io.output(file)
  if type(file) == "string" and not lua_writable(file) then
    error(refuse(format("io.output(%q)", file)), 2)
  end
  return io_output(file)
end

-- Binary chunks: only those string.dump made in this run (the Lua libraries compile their
-- formatters so), never bytes from a file or from document code, which could be crafted.
local string_dump = string.dump
local dumped = {}
function string.dump(fn, strip)
  local chunk = string_dump(fn, strip)
  dumped[chunk] = true
  return chunk
end

-- (an explicit nil *env* is not the same as none: pass it on only when given)
function load(chunk, name, mode, ...)
  if type(chunk) == "string" and sub(chunk, 1, 1) == "\27" then
    if not dumped[chunk] then
      return nil, refuse("loading a binary chunk", tostring(name))
    end
    return load_(chunk, name, "b", ...)
  end
  return load_(chunk, name, "t", ...)
end
if loadstring then
  function loadstring(chunk, name) return load(chunk, name) end
end

function loadfile(path, mode, ...)
  if path ~= nil and not readable(path) then
    return nil, refuse(format("loadfile(%q)", tostring(path)))
  end
  return loadfile_(path, "t", ...)
end

function dofile(path)
  if path ~= nil and not readable(path) then
    error(refuse(format("dofile(%q)", tostring(path))), 2)
  end
  local chunk, message = loadfile_(path, "t")
  if not chunk then error(message, 2) end
  return chunk()
end

-- -- os, lfs -----------------------------------------------------------------------------

local function no_process(name)
  return function(command, ...)
    if name == "os.execute" and command == nil then return false end
    return nil, refuse(format("%s(%q)", name, tostring(command)),
                       "no process is started by the PDF build")
  end
end
os.execute = no_process("os.execute")
io.popen = no_process("io.popen")
os.exec = no_process("os.exec")
os.spawn = no_process("os.spawn")
if os.kpsepopen then os.kpsepopen = no_process("os.kpsepopen") end
if os.tmpdir then os.tmpdir = no_process("os.tmpdir") end
os.tmpname = no_process("os.tmpname")

function os.remove(path)
  if not lua_writable(path) then return nil, refuse(format("os.remove(%q)", tostring(path))) end
  return os_remove(path)
end

function os.rename(from, to)
  if not (lua_writable(from) and lua_writable(to)) then
    return nil, refuse(format("os.rename(%q, %q)", tostring(from), tostring(to)))
  end
  return os_rename(from, to)
end

-- the Lua libraries set `engine` and `MTX_*`; kpathsea's settings (openin_any …) stay
function os.setenv(name, value)
  if type(name) == "string" and (name == "engine" or find(name, "^MTX_")) then
    return os_setenv(name, value)
  end
  return nil, refuse(format("os.setenv(%q)", tostring(name)))
end

local function guard_lfs(name, original)
  if not original then return nil end
  return function(path, ...)
    if name == "mkdir" and type(path) == "string" and lfs_attributes(path, "mode") then
      return original(path, ...)  -- it exists: fails as it always does, creates nothing
    end
    if not lua_writable(path) then
      return nil, refuse(format("lfs.%s(%q)", name, tostring(path)))
    end
    return original(path, ...)
  end
end
lfs.mkdir = guard_lfs("mkdir", lfs_mkdir)
lfs.rmdir = guard_lfs("rmdir", lfs_rmdir)
lfs.touch = guard_lfs("touch", lfs_touch)
lfs.lock_dir = guard_lfs("lock_dir", lfs_lock_dir)
lfs.link = function(old, new, ...)
  return nil, refuse(format("lfs.link(%q, %q)", tostring(old), tostring(new)))
end

-- The process never leaves the build folder (TeX's relative \openout names stay there):
-- lfs.chdir moves a current folder that lfs.currentdir reports and that relative paths of
-- the confined functions resolve against, as luaotfload uses it (to resolve links).
local current = BUILD
function lfs.currentdir() return current end
function lfs.chdir(path)
  local real = realpath(path, current)
  if not real or lfs_attributes(real, "mode") ~= "directory" then
    return nil, format("cannot change to %s", tostring(path))
  end
  current = real
  return true
end

-- -- C modules, bytecode, debug --------------------------------------------------------------

package.loadlib = function(path)
  return nil, refuse(format("package.loadlib(%q)", tostring(path))), "absent"
end
package.cpath = ""
local lua_searcher = function(name)
  local file = kpse.find_file(name, "lua") or kpse.find_file(gsub(name, "%.", "/"), "lua")
  if not file then
    file = package.searchpath(name, package.path)
  end
  if not file then
    return format("\n\tno Lua file '%s' (edition sandbox)", name)
  end
  local chunk, message = loadfile(file)
  if not chunk then error(message, 2) end
  return chunk, file
end
package.searchers = { package.searchers[1], lua_searcher }
package.loaders = package.searchers

for _, name in ipairs({"getupvalue", "setupvalue", "upvaluejoin", "upvalueid", "getlocal",
                       "setlocal", "getregistry", "getuservalue", "setuservalue", "sethook",
                       "setmetatable"}) do
  debug[name] = nil
end

-- -- Libraries that open files by name ---------------------------------------------------

local function guard_read(library, name)
  local original = library and library[name]
  if not original then return end
  library[name] = function(path, ...)
    if type(path) == "string" and not readable(path) then
      return nil, refuse(format("%s(%q)", name, path))
    end
    return original(path, ...)
  end
end
guard_read(pdfe, "open")
guard_read(zip, "open")
guard_read(fontloader, "open")
guard_read(fontloader, "info")
if fontloader then
  for _, name in ipairs({"apply_featurefile", "apply_afmfile"}) do
    local original = fontloader[name]
    if original then
      fontloader[name] = function(font, path, ...)
        if not readable(path) then return nil, refuse(format("fontloader.%s(%q)", name, tostring(path))) end
        return original(font, path, ...)
      end
    end
  end
end

-- -- File-finding callbacks ------------------------------------------------------------------

-- kpathsea's format for each callback's default lookup
local FIND = {
  find_data_file = "tex", find_image_file = "tex", find_font_file = "tfm",
  find_vf_file = "vf", find_map_file = "map", find_enc_file = "enc files",
  find_opentype_file = "opentype fonts", find_truetype_file = "truetype fonts",
  find_type1_file = "type1 fonts", find_cidmap_file = "cid maps",
  find_sfd_file = "subfont definition files", find_pk_file = "pk",
}

local function default_find(fmt)
  return function(name)
    local found = kpse.find_file(name, fmt)
    if not found and lfs_attributes(name, "mode") == "file" then found = name end
    return found
  end
end

local function checked_find(cbname, finder)
  if cbname == "find_write_file" then
    return function(id, name)
      local path = finder(id, name)
      if path and not tex_writable(path) then
        refuse(format("writing %q", tostring(path)), "TeX writes only into the build folder")
        return nil
      end
      return path
    end
  elseif cbname == "find_read_file" then
    return function(id, name)
      local path = finder(id, name)
      if path and not readable(path) then
        refuse(format("reading %q", tostring(path)))
        return nil
      end
      return path
    end
  else
    return function(name, ...)
      local path = finder(name, ...)
      if path and not readable(path) then
        refuse(format("reading %q", tostring(path)))
        -- not nil: for some of these callbacks LuaTeX then opens the name it asked for
        return NOWHERE
      end
      return path
    end
  end
end

function callback.register(name, fn)
  if (FIND[name] or name == "find_read_file" or name == "find_write_file")
     and type(fn) == "function" then
    return callback_register(name, checked_find(name, fn))
  end
  if FIND[name] and not fn then
    return callback_register(name, checked_find(name, default_find(FIND[name])))
  end
  return callback_register(name, fn)
end

-- the defaults: kpathsea's lookups, checked (LuaTeX does not apply openin_any to them)
for name, fmt in pairs(FIND) do
  callback_register(name, checked_find(name, default_find(fmt)))
end
callback_register("find_write_file", checked_find("find_write_file", function(id, name)
  return name
end))

-- MetaPost reads and writes through its own finder
if mplib and mplib.new then
  local mplib_new = mplib.new
  mplib.new = function(options)
    options = options or {}
    local finder = options.find_file or function(name, mode, ftype)
      if mode == "w" then return name end
      return kpse.find_file(name, ftype == "mp" and "mp" or ftype) or name
    end
    options.find_file = function(name, mode, ftype)
      local path = finder(name, mode, ftype)
      if not path then return nil end
      if mode == "w" then
        if not tex_writable(path) then refuse(format("MetaPost writing %q", path)) return nil end
      elseif not readable(path) then
        refuse(format("MetaPost reading %q", path)) return nil
      end
      return path
    end
    return mplib_new(options)
  end
end

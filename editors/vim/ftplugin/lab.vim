" Buffer settings for .lab files. commentstring is set here, per buffer, so that gc/commentary
" and Neovim's built-in commenting write `// ` and not the global default `/*%s*/`.
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://,:#
" Names may hold dashes (cert-manager, cp-01): one word for *, # and completion.
setlocal iskeyword+=-
" labc fmt indents by two spaces.
setlocal expandtab shiftwidth=2 softtabstop=2

let b:undo_ftplugin = 'setlocal commentstring< comments< iskeyword< expandtab< shiftwidth< softtabstop<'

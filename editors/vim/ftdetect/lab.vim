" labc's .lab files (cluster descriptions).
autocmd BufRead,BufNewFile *.lab setfiletype lab

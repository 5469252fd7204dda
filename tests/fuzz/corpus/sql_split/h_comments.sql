/* outer /* inner ; */ still ; */ SELECT 1; -- trailing ; comment
;;
  ;